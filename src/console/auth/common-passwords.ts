/** @module The common passwords a console password may neither be nor be built on (the list ships as data beside this file). */
import list from './common-passwords.json' with { type: 'json' };

// common-passwords.json, lower-cased and without repeats, is made of:
// - the 20,000 first entries of `passwords.json` in the npm package @zxcvbn-ts/language-common 4.1.3 (MIT licence),
//   the list zxcvbn checks, in its order of frequency (that of the xato.net "ten million passwords" set, 2015);
// - every entry of that list 12 characters or longer (another 300), as our policy starts at 12;
// - our own additions, the guesses an attacker tries first here: French (motdepasse123, azertyuiop12, jetaime...),
//   Gabon (libreville241, mbolo, pantheres...), the utility, the product and the 2020 relief (guichetseeg2020,
//   seeg2020, gratuite2020, confinement2020...), and the 12-digit and keyboard runs (123456789012, qwertyuiop123).
const COMMON: ReadonlySet<string> = new Set(list as string[]);

export const COMMON_PASSWORD_COUNT = COMMON.size;

/** Digits and symbols people write for letters (p@ssw0rd); 1 is tried as i and as l. */
const LOOK_ALIKE: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', '$': 's', '!': 'i' };
const lookAlikes = (s: string, one: string) => s.replace(/[0134578@$!]/g, (c) => (c === '1' ? one : LOOK_ALIKE[c]));

/** Without the digits and symbols before and after the letters: "2020guichetseeg!" is "guichetseeg". */
const core = (s: string) => s.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');

/**
 * `listed`: the password itself is in the list (case aside). `decorated`: a listed one of 4+ characters with digits
 * or symbols around it, or written with look-alikes (Motdepasse2020!, P@ssw0rd1234): the first rules a cracker applies.
 */
export function commonMatch(password: string): 'listed' | 'decorated' | null {
  const lower = password.normalize('NFC').toLowerCase();
  if (COMMON.has(lower)) return 'listed';
  const c = core(lower);
  const candidates = [c, lookAlikes(c, 'i'), lookAlikes(c, 'l'), lookAlikes(lower, 'i'), core(lookAlikes(lower, 'i'))];
  return candidates.some((v) => v.length >= 4 && COMMON.has(v)) ? 'decorated' : null;
}
