/** @module Asking for a password on the terminal without showing it (raw mode: nothing echoed, not even stars). */

/** Ctrl-C or Ctrl-D at the prompt: the command stops without a message of its own. */
export class PromptInterrupted extends Error {}

// What was typed past an Enter (a paste of both lines at once) is kept for the next question.
let pending = '';

/**
 * Reads one line from the terminal on stdin with echo off. The prompt goes to stderr, so a command's stdout stays
 * its output. Backspace and Ctrl-U edit; escape sequences (arrow keys) and other control characters are dropped.
 */
export function askHidden(question: string): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) return Promise.reject(new Error('no terminal to ask on'));
  // Echo goes off before the question shows: whatever is typed once the person (or a paste) sees it is never echoed.
  input.setRawMode(true);
  process.stderr.write(question);
  return new Promise((resolve, reject) => {
    let line = '';
    const finish = (e?: Error) => {
      input.removeListener('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
      if (e) reject(e);
      else resolve(line);
    };
    const consume = () => {
      for (let i = 0; i < pending.length; i++) {
        const ch = pending[i];
        if (ch === '\r' || ch === '\n') {
          pending = pending.slice(i + (ch === '\r' && pending[i + 1] === '\n' ? 2 : 1));
          return finish();
        }
        if (ch === '\u0003' || (ch === '\u0004' && line === '')) {
          pending = '';
          return finish(new PromptInterrupted('interrupted'));
        }
        if (ch === '\u001b') {
          // An escape sequence (arrow keys, Home, F1...): ESC, then [ or O, then parameters up to a final letter.
          let j = i + 1;
          if (pending[j] === '[' || pending[j] === 'O') for (j += 1; j < pending.length && !/[@-~]/.test(pending[j]); j++);
          i = j;
        } else if (ch === '\u007f' || ch === '\b') line = [...line].slice(0, -1).join('');
        else if (ch === '\u0015') line = '';
        else if (ch >= ' ') line += ch;
      }
      pending = '';
    };
    const onData = (chunk: string) => {
      pending += chunk;
      consume();
    };
    input.setEncoding('utf8');
    input.on('data', onData);
    input.resume();
    if (pending) consume();
  });
}
