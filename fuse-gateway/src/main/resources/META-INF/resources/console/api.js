// The gateway's REST API (docs/operator-api.md) with the operator token: sent as "Authorization: Bearer" when the
// browser tab has one, asked for once at the first 401 and kept in sessionStorage (this tab only, gone when it closes).

const TOKEN_KEY = 'tapelib.operatorToken';
const BASE = '/api/v1';

/** An answer other than 2xx: status and the server's "error" message (or the status text). */
export class ApiError extends Error {
  constructor(status, message, field) {
    super(message);
    this.status = status;
    this.field = field ?? null;
  }
}

export class Api {
  /** @param dialog the <dialog> with a form and an input named "token" */
  constructor(dialog) {
    this.dialog = dialog;
    this.pendingAsk = null;
  }

  token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  headers(json) {
    const headers = { Accept: json ? 'application/json' : 'text/event-stream' };
    const token = this.token();
    if (token) {
      headers.Authorization = 'Bearer ' + token;
    }
    return headers;
  }

  /**
   * Asks the operator for the token; concurrent callers share one question. Resolves true when a token was given,
   * false when the operator cancelled.
   */
  askToken() {
    if (!this.pendingAsk) {
      sessionStorage.removeItem(TOKEN_KEY);
      this.pendingAsk = new Promise((resolve) => {
        const input = this.dialog.querySelector('input[name="token"]');
        input.value = '';
        this.dialog.addEventListener('close', () => {
          const given = this.dialog.returnValue === 'ok' && input.value.trim() !== '';
          if (given) {
            sessionStorage.setItem(TOKEN_KEY, input.value.trim());
          }
          this.pendingAsk = null;
          resolve(given);
        }, { once: true });
        this.dialog.showModal();
      });
    }
    return this.pendingAsk;
  }

  /**
   * After a 401 to a request sent with {@code sentToken}: true when it is worth sending again, because a token came
   * since (another request's question was answered meanwhile) or the operator gives one now; false when cancelled.
   */
  async tokenRefused(sentToken) {
    const now = this.token();
    if (now && now !== sentToken) {
      return true;
    }
    return this.askToken();
  }

  /**
   * One call; a 401 asks for the token and tries once more. Resolves with the parsed JSON body (null when empty).
   * Rejects with ApiError for an answer other than 2xx, TypeError when the gateway cannot be reached.
   */
  async call(method, path, body) {
    for (let attempt = 0; ; attempt++) {
      const sentToken = this.token();
      const init = { method, headers: this.headers(true) };
      if (body !== undefined) {
        init.headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(body);
      }
      const response = await fetch(BASE + path, init);
      if (response.status === 401 && attempt === 0 && await this.tokenRefused(sentToken)) {
        continue;
      }
      const text = await response.text();
      const parsed = text ? safeJson(text) : null;
      if (!response.ok) {
        const message = parsed && parsed.error ? parsed.error : `${response.status} ${response.statusText}`;
        throw new ApiError(response.status, message, parsed && parsed.field);
      }
      return parsed;
    }
  }

  get(path) {
    return this.call('GET', path);
  }

  post(path, body) {
    return this.call('POST', path, body);
  }

  /** The raw response of GET /events (a stream): the caller reads its body; aborted through signal. */
  openEvents(signal) {
    return fetch(BASE + '/events', { headers: this.headers(false), signal, cache: 'no-store' });
  }
}

/** The parsed body, or null when it is not JSON (an HTML error page, say: the status line then speaks for it). */
function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch (e) {
    return null;
  }
}
