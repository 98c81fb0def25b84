import { useState } from 'react';
import type { EnvironmentConfig } from '../../config/runtime-config';
import { THEMES, type Theme } from '../../stores/preferences';
import type { AccountSummary } from '../../stores/session';
import { EnvironmentDialog, RemoveEnvironmentDialog } from './EnvironmentDialog';
import { readableTextOn } from './badge-color';

const THEME_LABELS: Record<Theme, string> = { light: 'Light', dark: 'Dark', 'high-contrast': 'High contrast' };

export interface SignInState {
  configured: boolean;
  account: AccountSummary | undefined;
  accounts: AccountSummary[];
  pendingMessage: string | null;
  busy: boolean;
  error: string | null;
}

export interface ConnectionBarProps {
  environments: EnvironmentConfig[];
  selectedId: string;
  recent: string[];
  customIds: ReadonlySet<string>;
  onSelect: (id: string) => void;
  onSaveEnvironment: (env: EnvironmentConfig) => void;
  onRemoveEnvironment: (id: string) => void;
  theme: Theme;
  onThemeChange: (theme: Theme) => void;
  signIn: SignInState;
  onSignIn: (mode: 'popup' | 'redirect') => void;
  onSignOut: (homeAccountId: string) => void;
  onUseAccount: (homeAccountId: string) => void;
}

export function ConnectionBar(props: ConnectionBarProps) {
  const { environments, selectedId, theme, onThemeChange, signIn } = props;
  const selected = environments.find((e) => e.id === selectedId) ?? environments[0];
  const [dialog, setDialog] = useState<{ initial?: EnvironmentConfig } | null>(null);
  const [removing, setRemoving] = useState<EnvironmentConfig | null>(null);
  const recent = props.recent.map((id) => environments.find((e) => e.id === id)).filter((e): e is EnvironmentConfig => !!e && e.id !== selected?.id).slice(0, 5);

  return (
    <header className="connection-bar" style={{ borderBottomColor: selected?.color ?? 'var(--accent)' }}>
      <a className="skip-link" href="#workspace-center">
        Skip to graph and query
      </a>
      <span className="brand">Twinscope</span>
      <label className="field">
        <span>Environment</span>
        <select aria-label="Environment" value={selected?.id ?? ''} onChange={(e) => props.onSelect(e.target.value)}>
          {environments.map((env) => (
            <option key={env.id} value={env.id}>
              {env.label}
              {env.kind === 'adt' ? ` (${env.endpoint})` : ''}
            </option>
          ))}
        </select>
      </label>
      {selected ? (
        <span className="env-badge" data-kind={selected.kind} style={{ backgroundColor: selected.color ?? 'var(--accent)', color: readableTextOn(selected.color ?? '') }}>
          {selected.kind === 'emulator' ? 'emulator' : 'Azure Digital Twins'}
        </span>
      ) : null}
      <button type="button" onClick={() => setDialog({})}>
        Add instance…
      </button>
      {selected && props.customIds.has(selected.id) ? (
        <>
          <button type="button" onClick={() => setDialog({ initial: selected })}>
            Edit
          </button>
          <button type="button" onClick={() => setRemoving(selected)}>
            Remove
          </button>
        </>
      ) : null}
      {recent.length > 0 ? (
        <nav aria-label="Recent environments" className="recent">
          {recent.map((e) => (
            <button key={e.id} type="button" className="recent__item" onClick={() => props.onSelect(e.id)} style={{ borderColor: e.color ?? 'var(--border)' }}>
              {e.label}
            </button>
          ))}
        </nav>
      ) : null}
      <span className="spacer" />
      {selected?.kind === 'adt' ? <SignInControls {...props} /> : null}
      <label className="field field--theme">
        <span>Theme</span>
        <select aria-label="Theme" value={theme} onChange={(e) => onThemeChange(e.target.value as Theme)}>
          {THEMES.map((t) => (
            <option key={t} value={t}>
              {THEME_LABELS[t]}
            </option>
          ))}
        </select>
      </label>
      {signIn.pendingMessage ? (
        <div className="signin-banner" role="alert">
          {signIn.pendingMessage}{' '}
          <button type="button" onClick={() => props.onSignIn('popup')}>
            Sign in again
          </button>
        </div>
      ) : null}
      {dialog ? (
        <EnvironmentDialog
          {...(dialog.initial ? { initial: dialog.initial } : {})}
          existing={environments}
          onClose={() => setDialog(null)}
          onSave={(env) => {
            props.onSaveEnvironment(env);
            setDialog(null);
          }}
        />
      ) : null}
      {removing ? (
        <RemoveEnvironmentDialog environment={removing} onRemove={() => props.onRemoveEnvironment(removing.id)} onClose={() => setRemoving(null)} />
      ) : null}
    </header>
  );
}

function SignInControls({ signIn, onSignIn, onSignOut, onUseAccount }: ConnectionBarProps) {
  if (!signIn.configured) {
    return (
      <span className="signin-note" role="note">
        Sign-in is not configured: set <code>msal.clientId</code> in config.json.
      </span>
    );
  }
  return (
    <div className="signin">
      {signIn.account ? (
        <>
          {signIn.accounts.length > 1 ? (
            <label className="field">
              <span>Account</span>
              <select aria-label="Account" value={signIn.account.homeAccountId} onChange={(e) => onUseAccount(e.target.value)}>
                {signIn.accounts.map((a) => (
                  <option key={a.homeAccountId} value={a.homeAccountId}>
                    {a.username}
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <span className="signin-account" data-testid="signed-in-account">
              {signIn.account.username}
            </span>
          )}
          <button type="button" onClick={() => onSignIn('popup')} disabled={signIn.busy}>
            Add account
          </button>
          <button type="button" onClick={() => signIn.account && onSignOut(signIn.account.homeAccountId)}>
            Sign out
          </button>
        </>
      ) : (
        <>
          <button type="button" onClick={() => onSignIn('popup')} disabled={signIn.busy}>
            Sign in
          </button>
          <button type="button" className="link-button" onClick={() => onSignIn('redirect')} disabled={signIn.busy}>
            Sign in (redirect)
          </button>
        </>
      )}
      {signIn.error ? (
        <span className="form-error" role="alert" title={signIn.error}>
          {signIn.error}
        </span>
      ) : null}
    </div>
  );
}
