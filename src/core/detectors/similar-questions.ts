const STOP = new Set(
  'the a an and or but is are was were be been to of in on for with at by from it this that these those what which who whom how why when where can could should would will do does did has have had i we you they he she my our your their me us them any anyone there here about into than then so if not no yes please get got'.split(
    ' ',
  ),
);

/** The words that carry a question's topic: lower-cased, without stop words, crudely singular. */
export function topicWords(text: string): Set<string> {
  const words = text.toLowerCase().match(/[a-z0-9][a-z0-9_.-]*/g) ?? [];
  return new Set(words.filter((w) => w.length > 2 && !STOP.has(w)).map((w) => w.replace(/(?<=[a-z]{3})s$/, '')));
}

function similarity(a: Set<string>, b: Set<string>): { shared: number; jaccard: number } {
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  return { shared, jaccard: shared / (a.size + b.size - shared || 1) };
}

/**
 * People who answered questions like this one before, most similar first: at least two topic words in common,
 * or one when the questions are short and that word is a third of their vocabulary.
 */
export function pastAnswerers(
  question: { text: string; user: string },
  answered: readonly { text: string; answeredBy: string }[],
  limit = 3,
): string[] {
  const words = topicWords(question.text);
  const scored = answered
    .filter((a) => a.answeredBy && a.answeredBy !== question.user)
    .map((a) => ({ by: a.answeredBy, ...similarity(words, topicWords(a.text)) }))
    .filter((s) => s.shared >= 2 || (s.shared === 1 && s.jaccard >= 0.34))
    .sort((x, y) => y.jaccard - x.jaccard);
  return [...new Set(scored.map((s) => s.by))].slice(0, limit);
}
