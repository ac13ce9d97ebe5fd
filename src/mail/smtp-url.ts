/**
 * HEARTH_SMTP_URL → nodemailer transport options:
 * `smtp://user:pass@host:587?starttls` (plain, upgraded with STARTTLS, required when `starttls` is
 * given), `smtps://user:pass@host:465` (TLS from the first byte). Credentials may be
 * percent-encoded. The URL is never logged: `describeSmtpUrl` gives the safe part.
 */
import { HearthError } from '../util/errors.js';

export interface SmtpTransportOptions {
  host: string;
  port: number;
  secure: boolean;
  requireTLS: boolean;
  ignoreTLS: boolean;
  auth?: { user: string; pass: string };
  tls?: { ca?: string | Buffer; servername?: string };
}

export function parseSmtpUrl(raw: string, o: { ca?: string | Buffer } = {}): SmtpTransportOptions {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new HearthError('ConfigError', 'HEARTH_SMTP_URL is not a URL (expected smtp://user:pass@host:port or smtps://…).');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new HearthError('ConfigError', `HEARTH_SMTP_URL must start with smtp:// or smtps://, not ${url.protocol}//.`);
  }
  const secure = url.protocol === 'smtps:';
  const starttls = url.searchParams.has('starttls') && url.searchParams.get('starttls') !== 'false';
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    requireTLS: starttls,
    // plain smtp:// without ?starttls still upgrades when the server offers it (nodemailer's default)
    ignoreTLS: false,
    ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
    ...(o.ca ? { tls: { ca: o.ca } } : {}),
  };
}

/** `smtps://mail.example.com:465` — for logs: no user, no password. */
export function describeSmtpUrl(o: SmtpTransportOptions): string {
  return `${o.secure ? 'smtps' : 'smtp'}://${o.host}:${o.port}${o.requireTLS ? ' (STARTTLS)' : ''}`;
}
