import { clearLine, createInterface, cursorTo, moveCursor } from 'node:readline';
import type { LocalSession } from './session.js';

/**
 * The interactive chat in a terminal. Messages that arrive while you type (a deadline passing, a nudge firing)
 * are printed above the prompt, which is then drawn again with what you had typed.
 */
export function interactiveWriter(output: NodeJS.WriteStream): {
  write(text: string): void;
  attach(redraw: () => void): void;
} {
  let redraw: (() => void) | undefined;
  return {
    write(text) {
      clearLine(output, 0);
      cursorTo(output, 0);
      output.write(`${text}\n`);
      redraw?.();
    },
    attach(fn) {
      redraw = fn;
    },
  };
}

export async function runInteractive(
  session: LocalSession,
  input: NodeJS.ReadStream,
  output: NodeJS.WriteStream,
  writer: ReturnType<typeof interactiveWriter>,
): Promise<void> {
  const rl = createInterface({ input, output, terminal: true, historySize: 200 });
  rl.setPrompt(session.prompt());
  writer.attach(() => rl.prompt(true));
  // Ctrl-C leaves like /quit (readline would otherwise only pause).
  rl.on('SIGINT', () => rl.close());
  rl.prompt();
  for await (const line of rl) {
    // Replace the echoed input line with the chat's own rendering of it.
    moveCursor(output, 0, -1);
    clearLine(output, 0);
    if ((await session.handle(line)) === 'quit') break;
    rl.setPrompt(session.prompt());
    rl.prompt();
  }
  writer.attach(() => undefined);
  rl.close();
}
