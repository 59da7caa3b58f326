import type { TOutbound } from '../../core/chat-port.js';
import { code, doc, rich } from '../../core/text/build.js';

/** What Teammate says when it is added to a team, a chat or someone's personal scope. */
export function hello(personal: boolean): TOutbound {
  const ask = personal ? code('help') : code('@Teammate help');
  const body = doc(
    rich`Hi, I'm Teammate. I notice what needs doing (questions nobody answered, deadlines slipping, meetings nobody comes to) and propose actions; your team's policy decides which I may do alone and which need someone to approve them.`,
    rich`Every action is recorded with why I took it, and can be undone. Type ${ask} for what you can ask me.`,
  );
  return { body, card: { title: rich`Teammate is here`, body, fields: [], buttons: [] } };
}
