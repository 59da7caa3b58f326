// Errors carry a stable code (for logs, metrics and tests) and a message that is safe to show a chat user.
export const AppErrorCode = {
  usage: 'usage',
  notFound: 'not_found',
  forbidden: 'forbidden',
  invalid: 'invalid',
  conflict: 'conflict',
  /** Undo found that someone changed the thing since Teammate did, and leaves their change alone. */
  changedSince: 'changed_since',
  /** A tool Teammate changes (GitHub, Jira, HubSpot) refused or failed. */
  connector: 'connector_error',
  chat: 'chat_error',
  llm: 'llm_error',
  database: 'database_error',
  config: 'config_error',
  internal: 'internal',
} as const;
export type TAppErrorCode = (typeof AppErrorCode)[keyof typeof AppErrorCode];

export class AppError extends Error {
  readonly code: TAppErrorCode;
  readonly userMessage: string;

  constructor(code: TAppErrorCode, options: { message: string; userMessage?: string; cause?: unknown }) {
    super(options.message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.userMessage = options.userMessage ?? options.message;
  }
}

export function asAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new AppError(AppErrorCode.internal, {
    message,
    userMessage: 'Something went wrong on my side; the details are in the log.',
    cause: error,
  });
}
