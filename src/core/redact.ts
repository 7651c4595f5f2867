/**
 * URL user-info (RFC 3986 §3.2.1: `scheme://user:password@host`) is a credential wherever it appears — a kubeconfig
 * `server: https://user:TOKEN@host` — and RFC 3986 §7.5 advises against showing it. Every printed URL goes through
 * here; the request itself still uses the URL as written.
 */
const USER_INFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/?#\s@]*@/gi;

/** `text` with the user-info of every URL in it replaced by "REDACTED". */
export function redactUserInfo(text: string): string {
    return text.replace(USER_INFO, '$1REDACTED@');
}
