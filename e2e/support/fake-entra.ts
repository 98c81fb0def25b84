import { createHash, randomBytes } from 'node:crypto';
import type { BrowserContext, Route } from '@playwright/test';

/**
 * A stand-in for Microsoft Entra ID (login.microsoftonline.com), answered through Playwright request routing so that
 * the app's real MSAL code runs unchanged: instance discovery, OpenID configuration, the authorize endpoint (it
 * redirects straight back to the app with a code, as after the user picked an account) and the token endpoint
 * (authorization code with PKCE, and refresh token grants). Every token it issues is recorded, so a test can check
 * which one reached the API and that none leaked anywhere else.
 */

const LOGIN = 'https://login.microsoftonline.com';
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);

export interface IssuedToken {
  accessToken: string;
  refreshToken: string;
  idToken: string;
  grantType: 'authorization_code' | 'refresh_token';
  /** 1-based, in issue order. */
  index: number;
}

export interface AuthorizeRequest { params: URLSearchParams; at: number }
export interface TokenRequest { form: URLSearchParams; origin: string | undefined }

export const base64url = (data: string | Buffer): string => Buffer.from(data).toString('base64url');

export class FakeEntra {
  readonly tenantId = '6e2b6f3a-1c54-4b7e-9f0e-2d7a9c1b5e40';
  readonly clientId = '3f1d2c4b-8a6e-4f70-b2c9-5d8e7a6b1c0f';
  readonly userOid = 'b8e5c1d2-7f3a-4e96-a0b4-c2d6e8f1a3b5';
  readonly username = 'ada@contoso.example';
  /** expires_in of the next access token, in seconds. */
  expiresIn = 3600;
  /** While set, refresh tokens are refused (invalid_grant), as after a password change or a revoked session. */
  refuseRefreshTokens = false;
  /** While set, the authorize endpoint shows an account picker and waits, as a user who has not chosen yet. */
  holdAuthorize = false;
  readonly authorizeRequests: AuthorizeRequest[] = [];
  readonly tokenRequests: TokenRequest[] = [];
  readonly issued: IssuedToken[] = [];
  /** Requests to login.microsoftonline.com nobody here answers (they fail the test that checks `unexpected`). */
  readonly unexpected: string[] = [];
  private readonly codes = new Map<string, { nonce: string | null; challenge: string | null; redirectUri: string; scope: string }>();
  private readonly refreshTokens = new Set<string>();

  get authority(): string {
    return `${LOGIN}/${this.tenantId}`;
  }

  /** Every token string this provider handed out: none of them may show up in the page, the log or the console. */
  secrets(): string[] {
    return this.issued.flatMap((t) => [t.accessToken, t.refreshToken, t.idToken]);
  }

  async install(context: BrowserContext): Promise<void> {
    // On the context, not the page: the sign-in popup is a page of its own.
    await context.route(`${LOGIN}/**`, (route) => this.handle(route));
  }

  private async handle(route: Route): Promise<void> {
    const request = route.request();
    const url = new URL(request.url());
    const cors = { 'access-control-allow-origin': request.headers()['origin'] ?? '*', 'access-control-allow-headers': '*', 'access-control-allow-methods': 'GET, POST, OPTIONS' };
    if (request.method() === 'OPTIONS') return route.fulfill({ status: 204, headers: cors });
    const json = (body: unknown, status = 200) => route.fulfill({ status, headers: { ...cors, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }, body: JSON.stringify(body) });
    const path = url.pathname;
    const tenantPath = `/${this.tenantId}`;

    if (path === '/common/discovery/instance') {
      return json({
        tenant_discovery_endpoint: `${this.authority}/v2.0/.well-known/openid-configuration`,
        'api-version': '1.1',
        metadata: [{
          preferred_network: 'login.microsoftonline.com', preferred_cache: 'login.windows.net',
          aliases: ['login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com', 'sts.windows.net'],
        }],
      });
    }
    if (path === `${tenantPath}/v2.0/.well-known/openid-configuration`) {
      return json({
        issuer: `${this.authority}/v2.0`,
        authorization_endpoint: `${this.authority}/oauth2/v2.0/authorize`,
        token_endpoint: `${this.authority}/oauth2/v2.0/token`,
        end_session_endpoint: `${this.authority}/oauth2/v2.0/logout`,
        jwks_uri: `${LOGIN}/${this.tenantId}/discovery/v2.0/keys`,
        response_modes_supported: ['query', 'fragment', 'form_post'],
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
        claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nonce', 'tid', 'oid', 'name', 'preferred_username'],
        tenant_region_scope: 'EU',
        cloud_instance_name: 'microsoftonline.com',
        cloud_graph_host_name: 'graph.windows.net',
        msgraph_host: 'graph.microsoft.com',
      });
    }
    if (path === `${tenantPath}/oauth2/v2.0/authorize`) return this.authorize(route, url);
    if (path === `${tenantPath}/oauth2/v2.0/token` && request.method() === 'POST') {
      const form = new URLSearchParams(request.postData() ?? '');
      this.tokenRequests.push({ form, origin: request.headers()['origin'] });
      const result = this.token(form);
      return json(result.body, result.status);
    }
    this.unexpected.push(`${request.method()} ${request.url()}`);
    return json({ error: 'invalid_request', error_description: `The fake identity provider does not serve ${path}` }, 400);
  }

  /** As if the user signed in and consented: back to the redirect URI with a code and the state MSAL sent. */
  private async authorize(route: Route, url: URL): Promise<void> {
    const params = url.searchParams;
    this.authorizeRequests.push({ params, at: Date.now() });
    const redirectUri = params.get('redirect_uri');
    const state = params.get('state');
    if (params.get('client_id') !== this.clientId || !redirectUri || !state || params.get('response_type') !== 'code') {
      return route.fulfill({ status: 400, contentType: 'text/plain', body: 'AADSTS900144: bad authorize request' });
    }
    if (this.holdAuthorize) {
      return route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Sign in to your account</title><h1>Pick an account</h1>' });
    }
    const code = `code-${randomBytes(12).toString('hex')}`;
    this.codes.set(code, {
      nonce: params.get('nonce'),
      challenge: params.get('code_challenge_method') === 'S256' ? params.get('code_challenge') : null,
      redirectUri,
      scope: params.get('scope') ?? '',
    });
    const response = new URLSearchParams({ code, state, client_info: this.clientInfo(), session_state: randomBytes(8).toString('hex') });
    // response_mode=fragment is MSAL's default for SPAs; query is honoured too.
    const location = params.get('response_mode') === 'query' ? `${redirectUri}?${response}` : `${redirectUri}#${response}`;
    return route.fulfill({ status: 302, headers: { location, 'cache-control': 'no-store' } });
  }

  private token(form: URLSearchParams): { status: number; body: unknown } {
    const error = (code: string, description: string) => ({ status: 400, body: { error: code, error_description: description } });
    if (form.get('client_id') !== this.clientId) return error('unauthorized_client', 'AADSTS700016: unknown client id');
    const grant = form.get('grant_type');
    let nonce: string | null = null;
    let scope: string;
    if (grant === 'authorization_code') {
      const entry = this.codes.get(form.get('code') ?? '');
      if (!entry) return error('invalid_grant', 'AADSTS70008: the code is unknown or was used already');
      this.codes.delete(form.get('code') ?? '');
      if (form.get('redirect_uri') !== entry.redirectUri) return error('invalid_grant', 'AADSTS50011: redirect_uri mismatch');
      const verifier = form.get('code_verifier') ?? '';
      if (entry.challenge !== null && base64url(createHash('sha256').update(verifier).digest()) !== entry.challenge) {
        return error('invalid_grant', 'AADSTS501481: the code_verifier does not match the code_challenge');
      }
      nonce = entry.nonce;
      scope = entry.scope;
    } else if (grant === 'refresh_token') {
      const presented = form.get('refresh_token') ?? '';
      if (this.refuseRefreshTokens || !this.refreshTokens.has(presented)) return error('invalid_grant', 'AADSTS70000: the refresh token is not valid');
      // Refresh tokens rotate: the one presented is used up.
      this.refreshTokens.delete(presented);
      scope = form.get('scope') ?? '';
    } else {
      return error('unsupported_grant_type', `AADSTS70003: ${grant ?? 'no'} grant`);
    }

    const index = this.issued.length + 1;
    const now = Math.floor(Date.now() / 1000);
    const accessToken = `eyJ0eXAiOiJKV1QifQ.fake-access-${index}-${randomBytes(16).toString('hex')}.sig`;
    const refreshToken = `fake-refresh-${index}-${randomBytes(16).toString('hex')}`;
    const idToken = [
      base64url(JSON.stringify({ typ: 'JWT', alg: 'none' })),
      base64url(JSON.stringify({
        aud: this.clientId, iss: `${this.authority}/v2.0`, iat: now, nbf: now, exp: now + 24 * 3600,
        tid: this.tenantId, oid: this.userOid, sub: `sub-${this.userOid}`, ver: '2.0',
        name: 'Ada Lovelace', preferred_username: this.username,
        ...(nonce ? { nonce } : {}),
      })),
      '',
    ].join('.');
    this.refreshTokens.add(refreshToken);
    this.issued.push({ accessToken, refreshToken, idToken, grantType: grant, index });
    const granted = scope.split(/\s+/).filter((s) => s !== '' && !OIDC_SCOPES.has(s)).join(' ');
    return {
      status: 200,
      body: {
        token_type: 'Bearer', scope: granted, expires_in: this.expiresIn, ext_expires_in: this.expiresIn,
        access_token: accessToken, refresh_token: refreshToken, id_token: idToken, client_info: this.clientInfo(),
      },
    };
  }

  private clientInfo(): string {
    return base64url(JSON.stringify({ uid: this.userOid, utid: this.tenantId }));
  }
}
