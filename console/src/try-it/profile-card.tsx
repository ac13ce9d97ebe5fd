/** The end of the "try it" flow: the profile rows the signed-in user can read. */
import { href } from '../route.js';

export type Profile = Record<string, unknown> & { id: string };

export function ProfileCard({ profiles, onSignOut }: { profiles: Profile[]; onSignOut: () => void }) {
  return (
    <div className="card" data-testid="profile">
      <h2>Signed in. Your UserProfile</h2>
      {profiles.length ? (
        <dl className="attrs">
          {Object.entries(profiles[0]!)
            .filter(([, v]) => v !== null && typeof v !== 'function')
            .map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{String(v)}</dd>
              </div>
            ))}
        </dl>
      ) : (
        <p className="error">No profile: the post-confirmation function did not create one (see Functions).</p>
      )}
      <p>
        It was created by the post-confirmation trigger (<a href={href(['functions'])}>see its run</a>) and is stored in the{' '}
        <a href={href(['data', 'UserProfile'])}>UserProfile table</a>.
      </p>
      <button type="button" className="secondary" onClick={onSignOut}>
        Sign out
      </button>
    </div>
  );
}
