import type { EnvironmentConfig } from '../../config/runtime-config';
import { THEMES, type Theme } from '../../stores/preferences';

const THEME_LABELS: Record<Theme, string> = { light: 'Light', dark: 'Dark', 'high-contrast': 'High contrast' };

export interface ConnectionBarProps {
  environments: EnvironmentConfig[];
  selectedId: string;
  onSelect: (id: string) => void;
  theme: Theme;
  onThemeChange: (theme: Theme) => void;
}

export function ConnectionBar({ environments, selectedId, onSelect, theme, onThemeChange }: ConnectionBarProps) {
  const selected = environments.find((e) => e.id === selectedId) ?? environments[0];
  return (
    <header className="connection-bar" style={{ borderBottomColor: selected?.color ?? 'var(--accent)' }}>
      <a className="skip-link" href="#workspace-center">
        Skip to graph and query
      </a>
      <span className="brand" aria-label="Twinscope">
        Twinscope
      </span>
      <label className="field">
        <span>Environment</span>
        <select aria-label="Environment" value={selected?.id ?? ''} onChange={(e) => onSelect(e.target.value)}>
          {environments.map((env) => (
            <option key={env.id} value={env.id}>
              {env.label}
              {env.kind === 'adt' ? ` (${env.endpoint})` : ''}
            </option>
          ))}
        </select>
      </label>
      {selected ? (
        <span className="env-badge" data-kind={selected.kind} style={{ backgroundColor: selected.color ?? 'var(--accent)' }}>
          {selected.kind === 'emulator' ? 'emulator' : 'Azure Digital Twins'}
        </span>
      ) : null}
      <span className="spacer" />
      <label className="field">
        <span>Theme</span>
        <select aria-label="Theme" value={theme} onChange={(e) => onThemeChange(e.target.value as Theme)}>
          {THEMES.map((t) => (
            <option key={t} value={t}>
              {THEME_LABELS[t]}
            </option>
          ))}
        </select>
      </label>
    </header>
  );
}
