// Partner dashboard: a partner's staff member logs in to Keycloak (authorization code + PKCE), then sees the
// partner's API clients and reveals, copies or rotates their secrets through the extension's dashboard API.
// The contract with the backend and the browser tests is spec/dashboard.md: keep its element ids and classes.
//
// Security choices, so a reviewer need not reverse-engineer them:
// - Tokens live in this module's memory only. A reload means a new login; Keycloak's SSO session makes that a
//   quick redirect. sessionStorage holds only what must survive a redirect: state, the PKCE verifier and the
//   action to resume after a re-authentication, never a token.
// - Everything from the server (client ids, addresses, errors, secrets) goes into the page as text nodes, never
//   as HTML, and nothing is evaluated: the CSP forbids inline code anyway.

const PAGE_URL = location.origin + location.pathname;
// The page is served at {BASE_URL}/dashboard/; partners call the API at BASE_URL.
const BASE_URL = PAGE_URL.replace(/dashboard\/$/, '').replace(/\/+$/, '');

const LOGIN_KEY = 'partner-dashboard.login';
const PENDING_KEY = 'partner-dashboard.pending';
// An action older than this is not resumed: the user has given up on it or forgotten it.
const PENDING_TTL_MS = 10 * 60 * 1000;
// Renew the access token this long before it expires, so that no API call races its expiry.
const RENEW_MARGIN_MS = 30 * 1000;
const GRACE_CHOICES = new Set([0, 3600, 86400]);
const ACTIONS = new Set(['reveal', 'copy', 'rotate']);
// The server shows the last 4 characters of a secret behind 8 dots; a freshly rotated one is masked the same way.
const MASK = '••••••••';
const REASONS = { invalid_client_credentials: 'wrong secret' };

const dom = {
  message: document.getElementById('message'),
  loading: document.getElementById('loading'),
  signedOut: document.getElementById('signed-out'),
  signedIn: document.getElementById('signed-in'),
  session: document.getElementById('session'),
  user: document.getElementById('user'),
  login: document.getElementById('login'),
  logout: document.getElementById('logout'),
  partnerLine: document.getElementById('partner-line'),
  clients: document.getElementById('clients'),
  template: document.getElementById('client-template'),
};

let configPromise = null;
let config = null;
let tokens = null; // { access, refresh, idToken, expiresAt, renewAt }
let renewTimer = 0;
let renewing = null;
let clientsById = new Map();
const revealed = new Map(); // client_id -> secret, until hidden, rotated or logged out
const busy = new Set(); // client_ids with a request in flight, so a double click does not send two
let idCounter = 0;

class OAuthError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}
class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}
class StepUpRequired extends Error {}
class SessionEnded extends Error {}

// ---- small helpers -------------------------------------------------------------------------------------------

// Builds an element; children are appended as nodes or as text, never parsed as HTML.
function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function uid(prefix) {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

function say(parts, kind = 'info') {
  dom.message.dataset.kind = kind;
  dom.message.replaceChildren(...[].concat(parts).filter((part) => part !== ''));
}

const dateFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short',
});

// A time in the user's locale and time zone, with the server's ISO value kept machine-readable.
function timeNode(iso) {
  if (iso == null) return document.createTextNode('never');
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return document.createTextNode(String(iso));
  return el('time', { dateTime: String(iso), title: String(iso) }, dateFormat.format(date));
}

function duration(seconds) {
  if (seconds % 60 === 0 && seconds >= 60) {
    const minutes = seconds / 60;
    return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  }
  return `${seconds} seconds`;
}

function readStored(key) {
  try {
    return JSON.parse(sessionStorage.getItem(key) ?? 'null');
  } catch {
    return null;
  }
}

function prefersReducedMotion() {
  return window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

// ---- configuration and PKCE ----------------------------------------------------------------------------------

function getConfig() {
  if (!configPromise) {
    configPromise = loadConfig().catch((error) => {
      configPromise = null; // let the next click try again
      throw error;
    });
  }
  return configPromise;
}

async function loadConfig() {
  let response;
  try {
    response = await fetch(new URL('config', PAGE_URL), { cache: 'no-store', headers: { Accept: 'application/json' } });
  } catch {
    throw new Error('The dashboard cannot reach its server. Check your connection and try again.');
  }
  const data = response.ok ? await response.json().catch(() => null) : null;
  const endpoints = ['authorization_endpoint', 'token_endpoint', 'end_session_endpoint'];
  const valid = data && typeof data.client_id === 'string'
    && endpoints.every((name) => typeof data[name] === 'string' && /^https?:\/\//.test(data[name]));
  if (!valid) throw new Error('The dashboard cannot load its settings. Try again later.');
  config = data;
  return data;
}

function base64url(bytes) {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomToken(byteCount) {
  return base64url(crypto.getRandomValues(new Uint8Array(byteCount)));
}

async function codeChallenge(verifier) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

// ---- login, tokens, logout -----------------------------------------------------------------------------------

// Redirects to Keycloak. reauthenticate asks for a fresh login (max_age=0, RFC 9470's step-up), and pending is
// the action to repeat once the user is back.
async function startLogin({ reauthenticate = false, pending = null } = {}) {
  const cfg = await getConfig();
  // Web Crypto exists only in secure contexts: https, or http on localhost.
  if (!window.isSecureContext || !crypto.subtle) {
    throw new Error('Logging in needs a secure connection: open this page over HTTPS.');
  }
  const state = randomToken(16);
  const verifier = randomToken(32);
  const challenge = await codeChallenge(verifier);
  sessionStorage.setItem(LOGIN_KEY, JSON.stringify({ state, verifier }));
  if (pending) {
    sessionStorage.setItem(PENDING_KEY, JSON.stringify({ ...pending, created_at: Date.now() }));
  } else {
    sessionStorage.removeItem(PENDING_KEY);
  }
  const url = new URL(cfg.authorization_endpoint);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', cfg.client_id);
  url.searchParams.set('redirect_uri', PAGE_URL);
  url.searchParams.set('scope', 'openid');
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', challenge);
  url.searchParams.set('code_challenge_method', 'S256');
  if (reauthenticate) url.searchParams.set('max_age', '0');
  // The login brings new tokens; the old ones should not outlive this page.
  forgetSession();
  location.assign(url.href);
}

function isLoginResponse(params) {
  return params.has('state') && (params.has('code') || params.has('error'));
}

// Handles Keycloak's redirect back to the page. Returns the action to resume, if any.
async function completeLogin(params) {
  const stored = readStored(LOGIN_KEY);
  const pending = readStored(PENDING_KEY);
  sessionStorage.removeItem(LOGIN_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  // The code is single-use and useless without the verifier, but it does not belong in the history or a bookmark.
  history.replaceState(null, '', PAGE_URL);

  if (!stored || params.get('state') !== stored.state) {
    // A response this tab did not ask for (or asked for long ago): never exchange it.
    throw new OAuthError('This login did not start on this page, or it started too long ago. Log in again.', 'state');
  }
  if (params.has('error')) {
    const error = params.get('error');
    if (error === 'access_denied') throw new OAuthError('Login was cancelled.', error);
    throw new OAuthError(`Login failed: ${params.get('error_description') || error}. Log in again.`, error);
  }
  acceptTokens(await tokenRequest({
    grant_type: 'authorization_code',
    code: params.get('code'),
    redirect_uri: PAGE_URL,
    client_id: config.client_id,
    code_verifier: stored.verifier,
  }));
  return validPending(pending);
}

function validPending(pending) {
  if (!pending || typeof pending.client_id !== 'string' || !ACTIONS.has(pending.action)) return null;
  if (!(Date.now() - Number(pending.created_at) < PENDING_TTL_MS)) return null;
  const grace = Number(pending.grace_period_seconds ?? 0);
  if (!GRACE_CHOICES.has(grace)) return null;
  return { client_id: pending.client_id, action: pending.action, grace_period_seconds: grace };
}

// A cross-origin POST to Keycloak's token endpoint; Keycloak allows this origin through the client's web origins.
async function tokenRequest(fields) {
  let response;
  try {
    response = await fetch(config.token_endpoint, {
      method: 'POST',
      body: new URLSearchParams(fields),
      headers: { Accept: 'application/json' },
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    throw new OAuthError('Cannot reach the login service. Check your connection and try again.', 'network');
  }
  const data = await response.json().catch(() => null);
  if (!response.ok || typeof data?.access_token !== 'string') {
    const reason = data?.error_description || data?.error || `HTTP ${response.status}`;
    throw new OAuthError(`Login failed: ${reason}. Log in again.`, data?.error || 'server');
  }
  return data;
}

function acceptTokens(data) {
  const lifetimeMs = Math.max(10, Number(data.expires_in) || 60) * 1000;
  const now = Date.now();
  tokens = {
    access: data.access_token,
    // A refresh response may omit what did not change.
    refresh: data.refresh_token ?? tokens?.refresh ?? null,
    idToken: data.id_token ?? tokens?.idToken ?? null,
    expiresAt: now + lifetimeMs,
    renewAt: now + Math.max(lifetimeMs / 2, lifetimeMs - RENEW_MARGIN_MS),
  };
  clearTimeout(renewTimer);
  if (tokens.refresh) renewTimer = setTimeout(renewInBackground, tokens.renewAt - now);
}

function renewTokens() {
  // One renewal at a time: Keycloak may rotate the refresh token, and a second use of the old one would fail.
  if (!renewing) {
    renewing = (async () => {
      const current = tokens;
      if (!current?.refresh) throw new SessionEnded();
      const data = await tokenRequest({
        grant_type: 'refresh_token',
        refresh_token: current.refresh,
        client_id: config.client_id,
      });
      // A logout or a new login while the request was out wins: do not bring the old session back.
      if (tokens !== current) throw new SessionEnded();
      acceptTokens(data);
    })().finally(() => {
      renewing = null;
    });
  }
  return renewing;
}

function renewInBackground() {
  renewTokens().catch((error) => {
    if (!tokens) return;
    // A network blip should not end the session while the access token still works: try again shortly.
    if (error.code === 'network' && Date.now() < tokens.expiresAt) {
      renewTimer = setTimeout(renewInBackground, 15 * 1000);
    } else {
      endSession();
    }
  });
}

// An access token that is not about to expire. Timers sleep in background tabs, so check before each call too.
async function accessToken() {
  if (!tokens) throw new SessionEnded();
  if (Date.now() >= tokens.renewAt && tokens.refresh) {
    try {
      await renewTokens();
    } catch {
      // Keep using the current token while it lasts.
    }
  }
  if (!tokens || Date.now() >= tokens.expiresAt) throw new SessionEnded();
  return tokens.access;
}

function forgetSession() {
  tokens = null;
  clearTimeout(renewTimer);
  revealed.clear();
  clientsById = new Map();
  dom.clients.replaceChildren();
  dom.partnerLine.replaceChildren();
}

function endSession(text = 'Your session has ended. Log in again.') {
  forgetSession();
  renderSignedOut();
  say(text, 'error');
}

async function logout() {
  const idToken = tokens?.idToken;
  forgetSession();
  renderSignedOut();
  sessionStorage.removeItem(LOGIN_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  say('Logging out…');
  const cfg = await getConfig();
  const url = new URL(cfg.end_session_endpoint);
  url.searchParams.set('client_id', cfg.client_id);
  url.searchParams.set('post_logout_redirect_uri', PAGE_URL);
  // With the ID token Keycloak logs out at once instead of asking the user to confirm.
  if (idToken) url.searchParams.set('id_token_hint', idToken);
  location.assign(url.href);
}

// ---- dashboard API -------------------------------------------------------------------------------------------

async function api(method, path, body) {
  for (let attempt = 0; ; attempt += 1) {
    const token = await accessToken();
    const headers = { Accept: 'application/json', Authorization: `Bearer ${token}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(new URL(path, PAGE_URL), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
      });
    } catch {
      throw new ApiError(0, 'network', 'Cannot reach the server. Check your connection and try again.');
    }
    const data = (response.headers.get('Content-Type') ?? '').includes('json')
      ? await response.json().catch(() => null)
      : null;
    if (response.ok) return data;
    if (response.status === 401) {
      const challenge = response.headers.get('WWW-Authenticate') ?? '';
      if (data?.error === 'login_required' || challenge.includes('insufficient_user_authentication')) {
        throw new StepUpRequired(data?.error_description);
      }
      // The token expired or was revoked since the last check: renew it once, then give up.
      if (attempt === 0 && tokens?.refresh) {
        try {
          await renewTokens();
          continue;
        } catch {
          // fall through
        }
      }
      throw new SessionEnded();
    }
    throw new ApiError(response.status, data?.error, data?.error_description);
  }
}

const clientPath = (clientId, action) => `api/clients/${encodeURIComponent(clientId)}/${action}`;

async function fetchSecret(clientId) {
  const data = await api('POST', clientPath(clientId, 'reveal'));
  if (typeof data?.client_secret !== 'string') throw new ApiError(500, 'server', 'The server sent no secret.');
  revealed.set(clientId, data.client_secret);
  return data.client_secret;
}

// ---- rendering -----------------------------------------------------------------------------------------------

function renderSignedOut() {
  dom.loading.hidden = true;
  dom.signedIn.hidden = true;
  dom.session.hidden = true;
  dom.user.textContent = '';
  dom.signedOut.hidden = false;
}

// The logged-in frame: the user and the logout button, and an empty area for the partner's clients.
function showSession(user) {
  dom.loading.hidden = true;
  dom.signedOut.hidden = true;
  dom.user.textContent = user;
  dom.session.hidden = false;
  dom.signedIn.hidden = false;
  forgetRendered();
}

function renderSignedIn(data) {
  showSession(typeof data?.user === 'string' ? data.user : '');

  const partner = data?.partner;
  if (!partner) {
    dom.partnerLine.append(el('p', { id: 'no-partner', className: 'notice' },
      'Your account is not linked to a partner. Ask your contact at the restoration platform to add you.'));
    return;
  }
  dom.partnerLine.append(el('p', { className: 'lede' },
    'API clients of ', el('strong', { id: 'partner' }, String(partner.name || partner.alias || '')), '. ',
    'Store a secret like a password, on a server only: never in a browser, a mobile app or a repository.'));

  const clients = Array.isArray(data.clients) ? data.clients : [];
  if (clients.length === 0) {
    dom.clients.append(el('p', { className: 'empty' }, 'Your partner has no API clients yet.'));
  }
  for (const client of clients) {
    if (typeof client?.client_id !== 'string') continue;
    clientsById.set(client.client_id, client);
    dom.clients.append(renderClient(client));
  }
}

function forgetRendered() {
  clientsById = new Map();
  dom.clients.replaceChildren();
  dom.partnerLine.replaceChildren();
}

function renderClient(client) {
  const section = dom.template.content.firstElementChild.cloneNode(true);
  const id = client.client_id;
  section.dataset.clientId = id;
  const titleId = uid('client');
  const title = section.querySelector('.client-title');
  title.id = titleId;
  section.setAttribute('aria-labelledby', titleId);
  section.querySelector('.client-id').textContent = id;
  // Several cards have a "Reveal secret" button: tie each to its client for screen readers.
  for (const button of section.querySelectorAll('button, select')) button.setAttribute('aria-describedby', titleId);

  // Pasted into a shell: a client_id (the console accepts any) or an address with shell characters is never
  // written into the command as it is.
  const plain = (value) => /^[A-Za-z0-9._:\/-]+$/.test(value);
  const shellId = plain(id) ? id : "'CLIENT_ID'";
  const shellBase = plain(BASE_URL) ? BASE_URL : "'BASE_URL'";
  section.querySelector('.example-token').textContent =
    `curl -s -X POST ${shellBase}/authenticate -d client_id=${shellId} -d "client_secret=$CLIENT_SECRET" -d grant_type=client_credentials`;
  section.querySelector('.example-orders').textContent =
    `curl -s ${shellBase}/accounts/${shellId}/orders -H "Authorization: Bearer $ACCESS_TOKEN"`;

  fillClient(section, client);
  return section;
}

// Writes a client's data into its card; also used after a rotation, so that the card keeps focus and state.
function fillClient(section, client) {
  const secret = revealed.get(client.client_id);
  const secretNode = section.querySelector('.secret');
  secretNode.textContent = secret ?? String(client.secret_masked ?? '');
  secretNode.classList.toggle('revealed', secret !== undefined);
  section.querySelector('.reveal').textContent = secret === undefined ? 'Reveal secret' : 'Hide secret';

  section.querySelector('.rotated-at').replaceChildren(timeNode(client.secret_rotated_at));
  const oldUntil = client.rotated_secret_expires_at;
  section.querySelector('.old-secret-row').hidden = oldUntil == null;
  section.querySelector('.old-secret-until').replaceChildren(oldUntil == null ? '' : timeNode(oldUntil));
  section.querySelector('.last-used').replaceChildren(timeNode(client.last_used_at));

  fillEvents(section, 'failures', client.failed_authentications);
  fillEvents(section, 'lockouts', client.lockouts);
}

function fillEvents(section, name, events) {
  const list = section.querySelector(`ul.${name}`);
  const items = (Array.isArray(events) ? events : []).map((event) => {
    const item = el('li', {}, timeNode(event?.time ?? null), ' from ', el('code', { className: 'address' }, String(event?.address ?? 'unknown address')));
    if (event?.error) item.append(' ', el('span', { className: 'reason' }, `(${REASONS[event.error] ?? event.error})`));
    return item;
  });
  list.replaceChildren(...items);
  // The list stays in the page even when empty, so that its items can be counted; "None." says it is empty.
  section.querySelector(`.${name}-empty`).hidden = items.length > 0;
}

function sectionFor(clientId) {
  return [...dom.clients.querySelectorAll('section.client')].find((section) => section.dataset.clientId === clientId);
}

// ---- actions -------------------------------------------------------------------------------------------------

async function perform(clientId, action, { grace = 0, resumed = false } = {}) {
  const section = sectionFor(clientId);
  if (!section) {
    say(`${clientId} is not one of your partner’s clients.`, 'error');
    return;
  }
  if (busy.has(clientId)) return;
  busy.add(clientId);
  section.setAttribute('aria-busy', 'true');
  try {
    if (action === 'reveal') {
      await fetchSecret(clientId);
      fillClient(section, clientsById.get(clientId));
      say(`Secret of ${clientId} revealed. Hide it again before you share your screen.`);
    } else if (action === 'copy') {
      await copySecret(section, clientId);
    } else if (action === 'rotate') {
      await rotate(section, clientId, grace);
    }
  } catch (error) {
    await actionFailed(error, { client_id: clientId, action, grace_period_seconds: grace }, resumed);
  } finally {
    busy.delete(clientId);
    section.removeAttribute('aria-busy');
  }
}

async function actionFailed(error, pending, resumed) {
  if (error instanceof StepUpRequired) {
    if (resumed) {
      // Never loop through the login page: one re-authentication per click.
      say('You logged in again, but the server still asks for a recent login. Try again.', 'error');
      return;
    }
    const recent = config?.reauthentication_seconds ? ` within the last ${duration(config.reauthentication_seconds)}` : '';
    say(`To reveal or rotate a secret, you need to have logged in${recent}. Taking you to the login page…`);
    try {
      await startLogin({ reauthenticate: true, pending });
    } catch (loginError) {
      say(loginError.message, 'error');
    }
    return;
  }
  if (error instanceof SessionEnded) {
    endSession();
    return;
  }
  if (error instanceof ApiError && error.status === 404) {
    say(`${pending.client_id} is not one of your partner’s clients.`, 'error');
  } else if (error instanceof ApiError && error.status === 0) {
    say(error.message, 'error');
  } else if (error instanceof ApiError) {
    say(`That did not work: ${error.message || error.code || `HTTP ${error.status}`}. Try again.`, 'error');
  } else {
    say(error?.message || 'Something went wrong. Try again.', 'error');
  }
}

// Copies text; where the Clipboard API is missing (plain http off localhost) or refused, selects the text instead.
async function copyText(text, node) {
  if (window.isSecureContext && navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // fall back to the selection below
    }
  }
  const range = document.createRange();
  range.selectNodeContents(node);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  return false;
}

const copyHint = 'press Ctrl+C (⌘C on a Mac) to copy it';

async function copySecret(section, clientId) {
  let secret = revealed.get(clientId);
  if (secret === undefined) {
    secret = await fetchSecret(clientId);
    fillClient(section, clientsById.get(clientId));
  }
  const copied = await copyText(secret, section.querySelector('.secret'));
  say(copied ? `Secret of ${clientId} copied to the clipboard.` : `Secret of ${clientId} selected: ${copyHint}.`);
}

async function rotate(section, clientId, grace) {
  const data = await api('POST', clientPath(clientId, 'rotate'), { grace_period_seconds: grace });
  if (typeof data?.client_secret !== 'string') throw new ApiError(500, 'server', 'The server sent no new secret.');
  revealed.delete(clientId);
  const client = {
    ...clientsById.get(clientId),
    secret_masked: MASK + data.client_secret.slice(-4),
    secret_rotated_at: data.rotated_at ?? new Date().toISOString(),
    rotated_secret_expires_at: data.old_secret_valid_until ?? null,
  };
  clientsById.set(clientId, client);
  fillClient(section, client);
  showNewSecret(section, clientId, data);
  if (data.old_secret_valid_until) {
    say([`Secret of ${clientId} rotated. The previous secret works until `, timeNode(data.old_secret_valid_until), '.']);
  } else {
    say(`Secret of ${clientId} rotated. The previous secret no longer works.`);
  }
}

function showNewSecret(section, clientId, data) {
  const outcome = section.querySelector('.rotate-outcome');
  outcome.querySelector('.new-secret')?.remove();
  const warningId = uid('new-secret');
  const box = el('div', { className: 'new-secret', tabIndex: -1 },
    el('p', { id: warningId, className: 'warning' },
      el('strong', {}, 'Copy it now: it will not be shown again in full.'),
      ' You can reveal it later, after logging in again.'),
    el('p', { className: 'new-secret-label' }, `New secret of ${clientId}:`),
    el('code', { className: 'new-secret-value' }, data.client_secret),
    el('div', { className: 'actions' },
      el('button', { type: 'button', className: 'button primary copy-new-secret' }, 'Copy new secret'),
      el('button', { type: 'button', className: 'button secondary dismiss' }, 'Done')));
  box.setAttribute('role', 'group');
  box.setAttribute('aria-labelledby', warningId);
  outcome.append(box);
  box.focus();
}

function openConfirm(section, clientId) {
  const select = section.querySelector('select.grace');
  const grace = Number(select.value);
  if (!GRACE_CHOICES.has(grace)) return;
  const titleId = uid('confirm-title');
  const descriptionId = uid('confirm-description');
  // The consequences in plain words, as the spec words them; the end of a grace period in the user's time.
  const consequence = grace === 0
    ? ['Tokens issued before now stop working within seconds.']
    : ['The current secret keeps working until ', timeNode(new Date(Date.now() + grace * 1000).toISOString()),
      '; then it and its tokens stop working.'];
  const cancel = el('button', { type: 'button', className: 'button secondary cancel' }, 'Cancel');
  const dialog = el('div', { className: 'confirm-rotate' },
    el('p', { id: titleId, className: 'confirm-title' },
      grace === 0 ? `Rotate the secret of ${clientId} now?` : `Rotate the secret of ${clientId}?`),
    el('p', { id: descriptionId }, ...consequence),
    el('div', { className: 'actions' },
      el('button', { type: 'button', className: 'button danger confirm' }, grace === 0 ? 'Rotate now' : 'Rotate secret'),
      cancel));
  dialog.setAttribute('role', 'alertdialog');
  dialog.setAttribute('aria-labelledby', titleId);
  dialog.setAttribute('aria-describedby', descriptionId);
  dialog.dataset.grace = String(grace);
  section.querySelector('.rotate-outcome').prepend(dialog);
  // Cancel is the safe default; the choice cannot change under an open confirmation.
  cancel.focus();
  select.disabled = true;
  section.querySelector('button.rotate').disabled = true;
}

function closeConfirm(section) {
  section.querySelector('.confirm-rotate')?.remove();
  section.querySelector('select.grace').disabled = false;
  const rotateButton = section.querySelector('button.rotate');
  rotateButton.disabled = false;
  rotateButton.focus();
}

function onClientClick(event) {
  const button = event.target.closest('button');
  const section = button?.closest('section.client');
  if (!section) return;
  const clientId = section.dataset.clientId;
  const has = (name) => button.classList.contains(name);

  if (has('reveal')) {
    if (revealed.has(clientId)) {
      // Hiding forgets the secret; the next reveal asks the server again.
      revealed.delete(clientId);
      fillClient(section, clientsById.get(clientId));
      say(`Secret of ${clientId} hidden.`);
    } else {
      perform(clientId, 'reveal');
    }
  } else if (has('copy')) {
    perform(clientId, 'copy');
  } else if (has('rotate')) {
    openConfirm(section, clientId);
  } else if (has('confirm')) {
    const grace = Number(button.closest('.confirm-rotate').dataset.grace);
    closeConfirm(section);
    perform(clientId, 'rotate', { grace });
  } else if (has('cancel')) {
    closeConfirm(section);
    say('Rotation cancelled. The secret is unchanged.');
  } else if (has('copy-new-secret')) {
    const node = section.querySelector('.new-secret-value');
    copyText(node.textContent, node).then((copied) => {
      say(copied ? `New secret of ${clientId} copied to the clipboard.` : `New secret selected: ${copyHint}.`);
    });
  } else if (has('dismiss')) {
    section.querySelector('.new-secret')?.remove();
    section.querySelector('button.rotate').focus();
  } else if (has('copy-example')) {
    const node = button.closest('.example').querySelector('pre code');
    copyText(node.textContent, node).then((copied) => {
      say(copied ? 'Command copied to the clipboard.' : `Command selected: ${copyHint}.`);
    });
  }
}

function onClientKeydown(event) {
  if (event.key !== 'Escape') return;
  const dialog = event.target.closest('.confirm-rotate');
  if (!dialog) return;
  event.preventDefault();
  closeConfirm(dialog.closest('section.client'));
  say('Rotation cancelled. The secret is unchanged.');
}

// Repeats the action that needed a fresh login, now that the user has logged in again.
function resume(pending) {
  const section = sectionFor(pending.client_id);
  if (!section) {
    say(`${pending.client_id} is not one of your partner’s clients.`, 'error');
    return;
  }
  const button = section.querySelector(`button.${pending.action}`);
  button?.focus({ preventScroll: true });
  section.scrollIntoView({ block: 'start', behavior: prefersReducedMotion() ? 'auto' : 'smooth' });
  perform(pending.client_id, pending.action, { grace: pending.grace_period_seconds, resumed: true });
}

// ---- start ---------------------------------------------------------------------------------------------------

async function showDashboard() {
  renderSignedIn(await api('GET', 'api/clients'));
}

function dashboardFailed(error) {
  if (error instanceof SessionEnded) {
    endSession();
    return;
  }
  // Logged in, but the list did not come: keep the logout button, say what to do.
  showSession('');
  const cause = error instanceof ApiError && error.status ? ` (HTTP ${error.status})` : '';
  say(`Your API clients could not be loaded${cause}. Reload the page to try again.`, 'error');
}

async function main() {
  dom.login.addEventListener('click', () => {
    say('Taking you to the login page…');
    startLogin().catch((error) => say(error.message, 'error'));
  });
  dom.logout.addEventListener('click', () => {
    logout().catch((error) => say(error.message, 'error'));
  });
  dom.clients.addEventListener('click', onClientClick);
  dom.clients.addEventListener('keydown', onClientKeydown);
  // Back from Keycloak's page restores this page from the back/forward cache, without its tokens: show the login.
  window.addEventListener('pageshow', (event) => {
    if (event.persisted && !tokens) {
      forgetSession();
      renderSignedOut();
      say('');
    }
  });

  const params = new URLSearchParams(location.search);
  const returning = isLoginResponse(params);
  try {
    await getConfig();
  } catch (error) {
    if (returning) history.replaceState(null, '', PAGE_URL);
    renderSignedOut();
    say(error.message, 'error');
    return;
  }
  if (!returning) {
    renderSignedOut();
    return;
  }

  let pending;
  try {
    pending = await completeLogin(params);
  } catch (error) {
    renderSignedOut();
    say(error.message, 'error');
    return;
  }
  try {
    await showDashboard();
  } catch (error) {
    dashboardFailed(error);
    return;
  }
  if (pending) resume(pending);
}

main();
