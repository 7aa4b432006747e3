/**
 * @module The sign-in form's CSRF token, before any session exists: signed double-submit. The form carries an HMAC of
 * a nonce the browser holds in a short-lived cookie; another site can neither read the cookie nor compute the HMAC.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const LOGIN_COOKIE = 'guichet_login';
/** Long enough to type a password and come back from a coffee; short enough that a leaked form soon stops working. */
export const LOGIN_TOKEN_TTL_MS = 30 * 60_000;

/** Where the secret is kept: every node behind one load balancer must accept every node's form. */
export interface SecretSource {
  setting(key: string): Promise<string | null>;
  setSetting(key: string, value: string): Promise<void>;
}

const SETTING = 'console_login_secret';
const COOKIE_FORMAT = /^([A-Za-z0-9_-]{22})\.(\d{13})$/;

export class LoginCsrf {
  private constructor(private secret: Buffer, private readonly source: SecretSource, private readonly now: () => number) {}

  /** Reads the deployment's secret, or draws and stores one when there is none yet. */
  static async open(source: SecretSource, now: () => number = Date.now): Promise<LoginCsrf> {
    let s = await source.setting(SETTING);
    if (s === null) {
      await source.setSetting(SETTING, randomBytes(32).toString('base64url'));
      s = (await source.setting(SETTING))!;
    }
    return new LoginCsrf(Buffer.from(s, 'base64url'), source, now);
  }

  /** A fresh pair: the cookie's value and the form field's. */
  issue(): { cookie: string; token: string } {
    const cookie = `${randomBytes(16).toString('base64url')}.${String(this.now()).padStart(13, '0')}`;
    return { cookie, token: this.sign(cookie) };
  }

  /**
   * Whether the form's token is the cookie's signature, and the cookie young enough. Two nodes starting on an empty
   * store at once may each have stored a secret: the loser's forms fail once, the secret is read again and retried.
   */
  async check(cookie: string | undefined, token: string | undefined): Promise<boolean> {
    if (!cookie || !token) return false;
    const m = COOKIE_FORMAT.exec(cookie);
    if (!m) return false;
    const age = this.now() - Number(m[2]);
    if (age < 0 || age > LOGIN_TOKEN_TTL_MS) return false;
    if (this.matches(cookie, token)) return true;
    const stored = await this.source.setting(SETTING);
    if (stored === null || Buffer.from(stored, 'base64url').equals(this.secret)) return false;
    this.secret = Buffer.from(stored, 'base64url');
    return this.matches(cookie, token);
  }

  private sign(cookie: string): string {
    return createHmac('sha256', this.secret).update(cookie).digest('base64url');
  }

  private matches(cookie: string, token: string): boolean {
    const a = Buffer.from(this.sign(cookie));
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  }
}
