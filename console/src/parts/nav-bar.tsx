/** The view list: a sidebar on a wide screen, a scrolling strip on a phone (see styles.css). */
import { api } from '../api.js';
import { href } from '../route.js';
import type { Overview } from '../types.js';

export function NavBar({ overview, current, production }: { overview: Overview; current: string; production: boolean }) {
  const items: [string, string][] = [
    ...(overview.example?.tryIt ? ([['try-it', 'Try it']] as [string, string][]) : []),
    ['users', 'Users'],
    ['mail', 'Mailbox'],
    ['data', 'Data'],
    ['api', 'API explorer'],
    ['functions', 'Functions'],
    ['storage', 'Storage'],
  ];
  return (
    <nav className="nav" aria-label="Console views">
      <span className="brand" title={overview.app}>
        Hearth
      </span>
      {items.map(([key, label]) => (
        <a key={key} href={href([key])} aria-current={current === key ? 'page' : undefined}>
          {label}
        </a>
      ))}
      {production && (
        <button type="button" className="link" onClick={() => api('session', { method: 'DELETE' }).finally(() => location.reload())}>
          Sign out
        </button>
      )}
    </nav>
  );
}
