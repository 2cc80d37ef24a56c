/**
 * Who is asking. HTTP Basic against the password file; no credentials means the anonymous user `default`,
 * which read handlers accept and write handlers refuse (401), as in HSDS. Verified credentials are cached so
 * slow hashes (bcrypt, scrypt) cost once per client, not once per request.
 */
import { createHash } from 'node:crypto';
import { badRequest, unauthorized } from '../http/errors.js';
import { verifyPassword } from './password-file.js';
import type { AccountSource } from './account-files.js';

export const ANONYMOUS = 'default';

export interface Credentials {
  user: string;
  password: string;
}

export interface AuthSettings {
  adminUser: string;
  adminGroup?: string;
  allowNoauth: boolean;
  /** Users, passwords and groups; no password file = trust mode (any password, loopback deployments only). */
  accounts: AccountSource;
}

export class Authenticator {
  private readonly verified = new Set<string>();
  private verifiedAgainst?: Map<string, string>;

  constructor(private readonly settings: AuthSettings) {}

  get trustMode(): boolean {
    return this.settings.accounts.passwords() === undefined;
  }

  /** Parses the Authorization header; 400 when it is present but malformed. */
  credentials(header: string | undefined): Credentials | undefined {
    if (header === undefined || header === '') return undefined;
    const space = header.indexOf(' ');
    const scheme = space > 0 ? header.slice(0, space) : header;
    const token = space > 0 ? header.slice(space + 1).trim() : '';
    if (scheme.toLowerCase() === 'bearer') throw unauthorized('bearer tokens are not accepted by this server');
    if (scheme.toLowerCase() !== 'basic') throw badRequest(`unsupported authorization scheme: ${scheme}`);
    let decoded: string;
    try {
      if (!/^[A-Za-z0-9+/=]+$/.test(token)) throw new Error();
      decoded = Buffer.from(token, 'base64').toString('utf8');
    } catch {
      throw badRequest('malformed basic authorization header');
    }
    const colon = decoded.indexOf(':');
    if (colon <= 0 || colon === decoded.length - 1) throw badRequest('basic authorization needs a username and a password');
    return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }

  /**
   * The user making the request. `required` (write handlers): credentials must be present and valid.
   * Otherwise no credentials give the anonymous user; present credentials are still validated.
   */
  authenticate(header: string | undefined, required: boolean): string {
    const creds = this.credentials(header);
    if (!creds) {
      if (required) throw unauthorized('authentication required');
      if (!this.settings.allowNoauth) throw unauthorized('authentication required');
      return ANONYMOUS;
    }
    if (creds.user === ANONYMOUS) throw unauthorized('invalid username');
    this.verify(creds);
    return creds.user;
  }

  private verify(creds: Credentials): void {
    const passwords = this.settings.accounts.passwords();
    if (!passwords) return;
    // A reloaded password file may have changed passwords: forget what was verified against the old one.
    if (passwords !== this.verifiedAgainst) {
      this.verified.clear();
      this.verifiedAgainst = passwords;
    }
    const cacheKey = createHash('sha256').update(`${creds.user}\0${creds.password}`).digest('hex');
    if (this.verified.has(cacheKey)) return;
    const stored = passwords.get(creds.user);
    if (stored === undefined || !verifyPassword(stored, creds.password)) throw unauthorized('invalid username or password');
    this.verified.add(cacheKey);
  }

  isAdmin(user: string): boolean {
    if (user === this.settings.adminUser) return true;
    const g = this.settings.adminGroup;
    return g !== undefined && this.groupsOf(user).has(g);
  }

  groupsOf(user: string): Set<string> {
    return this.settings.accounts.groupsOfUser().get(user) ?? new Set();
  }

  knownUser(user: string): boolean {
    const passwords = this.settings.accounts.passwords();
    return passwords === undefined || passwords.has(user);
  }
}
