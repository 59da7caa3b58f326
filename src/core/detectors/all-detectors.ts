import type { Detector } from './detector.js';
import { lowAttendance } from './low-attendance.js';
import { missedDeadline } from './missed-deadline.js';
import { overload } from './overload.js';
import { quietDeal } from './quiet-deal.js';
import { quietThread } from './quiet-thread.js';
import { unansweredQuestion } from './unanswered-question.js';

/** Every detector the bot runs, in the order they see each signal and tick. */
export const allDetectors: readonly Detector[] = [
  unansweredQuestion,
  quietThread,
  quietDeal,
  missedDeadline,
  lowAttendance,
  overload,
];
