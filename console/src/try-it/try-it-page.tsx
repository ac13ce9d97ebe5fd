/**
 * "Try it": the example's promise in one page, driven by the real `aws-amplify` client configured
 * from the app's amplify_outputs.json (via hearth/client, as an app would): sign up, the code the
 * backend mailed (shown here as it arrives), confirm, sign in, and the `UserProfile` row that the
 * post-confirmation function created, read back with the user's own token. This chunk carries
 * aws-amplify and loads only when this page opens.
 */
import { confirmSignUp, getCurrentUser, signIn, signOut, signUp } from 'aws-amplify/auth';
import { generateClient } from 'aws-amplify/data';
import { type FormEvent, useEffect, useState } from 'react';
import { configureAmplify } from '../../../src/client/index.js';
import { api, apiUrl, errorText } from '../api.js';
import { useConsoleEvent } from '../events.js';
import { ErrorNote } from '../parts/error-note.js';
import { href } from '../route.js';
import type { MailMessage } from '../types.js';
import { type Profile, ProfileCard } from './profile-card.js';

type Step = 'signUp' | 'confirm' | 'signIn' | 'done';

let configured: Promise<void> | undefined;
function configure(): Promise<void> {
  configured ??= api<Parameters<typeof configureAmplify>[0]>('outputs').then((o) => void configureAmplify(o));
  return configured;
}

export default function TryItPage() {
  const [ready, setReady] = useState(false);
  const [step, setStep] = useState<Step>('signUp');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [mailed, setMailed] = useState<string>();
  const [profiles, setProfiles] = useState<Profile[]>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    configure()
      .then(() => setReady(true))
      .catch((e) => setError(errorText(e)));
  }, []);
  useConsoleEvent('mail', (m) => {
    const msg = m as Pick<MailMessage, 'to'>;
    if (step === 'confirm' && msg?.to?.toLowerCase() === email.toLowerCase()) void latestCode(email).then(setMailed, () => undefined);
  });

  async function run(e: FormEvent, f: () => Promise<void>) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await f();
    } catch (err) {
      setError(err instanceof Error ? `${err.name}: ${err.message}` : String(err));
    } finally {
      setBusy(false);
    }
  }

  const doSignUp = (e: FormEvent) =>
    run(e, async () => {
      const r = await signUp({ username: email, password, options: { userAttributes: { email } } });
      if (r.nextStep.signUpStep === 'CONFIRM_SIGN_UP') {
        setStep('confirm');
        setMailed(await latestCode(email));
      } else setStep('signIn');
    });
  const doConfirm = (e: FormEvent) =>
    run(e, async () => {
      await confirmSignUp({ username: email, confirmationCode: code.trim() });
      setStep('signIn');
    });
  const doSignIn = (e: FormEvent) =>
    run(e, async () => {
      // another tab of this origin may have signed someone in (Amplify keeps tokens in localStorage)
      await signOut();
      const r = await signIn({ username: email, password });
      if (!r.isSignedIn) throw new Error(`sign-in needs another step: ${r.nextStep.signInStep}`);
      setProfiles(await readProfiles());
      setStep('done');
    });

  if (!ready) return error ? <ErrorNote text={error} /> : <p className="loading">Loading the Amplify client…</p>;
  return (
    <section className="try-it">
      <h1>Try the example</h1>
      <p>
        This page is a front end like yours: the real <code>aws-amplify</code> client, configured from <code>amplify_outputs.json</code>,
        talking to this sandbox. Sign up, and watch the <a href={href(['users'])}>user</a>, the <a href={href(['mail'])}>mail</a>, the{' '}
        <a href={href(['functions'])}>post-confirmation run</a> and the <a href={href(['data', 'UserProfile'])}>profile row</a> appear.
      </p>
      <ol className="steps">
        <li aria-current={step === 'signUp' ? 'step' : undefined}>Sign up</li>
        <li aria-current={step === 'confirm' ? 'step' : undefined}>Confirm with the mailed code</li>
        <li aria-current={step === 'signIn' ? 'step' : undefined}>Sign in</li>
        <li aria-current={step === 'done' ? 'step' : undefined}>Your profile</li>
      </ol>
      {step === 'signUp' && (
        <form className="card" onSubmit={doSignUp} aria-label="Sign up">
          <label>
            Email
            <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required autoComplete="email" />
          </label>
          <label>
            Password <small>(8+ characters, upper and lower case, a digit and a symbol)</small>
            <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} required autoComplete="new-password" />
          </label>
          <button type="submit" disabled={busy}>
            Sign up
          </button>
        </form>
      )}
      {step === 'confirm' && (
        <form className="card" onSubmit={doConfirm} aria-label="Confirm sign-up">
          <p>
            The backend mailed a code to <strong>{email}</strong>.{' '}
            {mailed ? (
              <>
                It is <code data-testid="mailed-code">{mailed}</code>{' '}
                <button type="button" className="secondary" onClick={() => setCode(mailed)}>
                  Use it
                </button>
              </>
            ) : (
              'Waiting for it…'
            )}
          </p>
          <label>
            Confirmation code
            <input value={code} onChange={(e) => setCode(e.target.value)} required inputMode="numeric" autoComplete="one-time-code" />
          </label>
          <div className="buttons">
            <button type="submit" disabled={busy}>
              Confirm
            </button>
            <button type="button" className="secondary" onClick={() => setStep('signIn')}>
              Confirmed from the console? Sign in
            </button>
          </div>
        </form>
      )}
      {step === 'signIn' && (
        <form className="card" onSubmit={doSignIn} aria-label="Sign in">
          <p>Confirmed: the post-confirmation function has created your profile. Sign in to read it with your own token.</p>
          <button type="submit" disabled={busy}>
            Sign in as {email}
          </button>
        </form>
      )}
      {step === 'done' && <ProfileCard profiles={profiles ?? []} onSignOut={() => signOut().then(() => setStep('signUp'))} />}
      <ErrorNote text={error} />
    </section>
  );
}

/** The newest code mailed to `to`, if any has arrived yet. */
async function latestCode(to: string): Promise<string | undefined> {
  const r = await api<{ messages: MailMessage[] }>(apiUrl('mail', { to, limit: 1 }));
  return r.messages.find((m) => m.code)?.code;
}

/** The signed-in user's profiles, as the app reads them: owner rule, user-pool token. */
async function readProfiles(): Promise<Profile[]> {
  await getCurrentUser();
  const client = generateClient();
  const models = client.models as unknown as Record<
    string,
    { list: (o: object) => Promise<{ data: Profile[]; errors?: { message: string }[] }> }
  >;
  const model = models.UserProfile;
  if (!model) throw new Error('this backend has no UserProfile model');
  const r = await model.list({ authMode: 'userPool' });
  if (r.errors?.length) throw new Error(r.errors.map((e) => e.message).join('; '));
  return r.data;
}
