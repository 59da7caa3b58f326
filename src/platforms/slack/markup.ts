// The core writes Slack-style markup already; what Slack needs on top is escaping. In Slack's text, `&`, `<` and
// `>` are control characters: only real tokens (mentions, channel links, special mentions, URLs) may stay as they
// are; anything else, such as a usage line's `<kind|*>`, must be written as entities.

const TOKEN = /^<(?:[@][UW][A-Z0-9]+|#[CGD][A-Z0-9]+|![a-z]+(?:\^[^>|]*)?|(?:https?|mailto):[^>|\s]+)(?:\|[^>]*)?>$/;
const ENTITY = /^&(?:amp|lt|gt);/;

/** Core text → Slack mrkdwn, escaped so that Slack shows exactly what the core meant. */
export function toSlackMrkdwn(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '&') {
      out += ENTITY.test(text.slice(i)) ? '&' : '&amp;';
    } else if (char === '<') {
      const end = text.indexOf('>', i);
      const token = end === -1 ? '' : text.slice(i, end + 1);
      if (TOKEN.test(token)) {
        out += token;
        i = end;
      } else {
        out += '&lt;';
      }
    } else if (char === '>') {
      out += '&gt;';
    } else {
      out += char;
    }
  }
  return out;
}

/** Slack mrkdwn → plain text for plain_text fields (headers, modal titles): links and emphasis dropped. */
export function mrkdwnToPlain(text: string): string {
  return text
    .replace(/<(?:https?|mailto):[^>|]+\|([^>]+)>/g, '$1')
    .replace(/<((?:https?|mailto):[^>|]+)>/g, '$1')
    .replace(/(^|[\s(])[*_]([^*_\n]+)[*_](?=[\s).,:;!?]|$)/g, '$1$2')
    .replace(/`([^`\n]+)`/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Cuts text to Slack's limit for a field, marking the cut. */
export function fit(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
