/**
 * A small photo app built from the Amplify docs' storage examples: the Authenticator around a
 * `FileUploader` that puts pictures under the user's own `profile-pictures/{entity_id}/` folder, a
 * `StorageImage` showing the last upload, and a plain `<img>` with a presigned `getUrl` URL.
 * `configureAmplify` from hearth/client replaces `Amplify.configure`; nothing else differs from
 * what a developer writes. The test injects the backend's amplify_outputs.json as `window.__OUTPUTS__`.
 */
import { Authenticator } from '@aws-amplify/ui-react';
import { FileUploader, StorageImage } from '@aws-amplify/ui-react-storage';
import { getUrl, uploadData } from 'aws-amplify/storage';
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { configureAmplify } from '../../src/client/index.js';

declare global {
  interface Window {
    __OUTPUTS__: Parameters<typeof configureAmplify>[0];
    /** the app's own storage calls, for the test to drive a large upload with onProgress */
    __storage: { uploadData: typeof uploadData };
  }
}

configureAmplify(window.__OUTPUTS__);
window.__storage = { uploadData };

function Photos() {
  const [path, setPath] = useState<string>();
  const [presigned, setPresigned] = useState<string>();

  const presign = async () => {
    if (!path) return;
    const { url } = await getUrl({ path, options: { expiresIn: 5, validateObjectExistence: true } });
    setPresigned(url.toString());
  };

  return (
    <main>
      <FileUploader
        acceptedFileTypes={['image/*']}
        path={({ identityId }) => `profile-pictures/${identityId}/`}
        maxFileCount={1}
        isResumable
        onUploadSuccess={({ key }) => setPath(key)}
      />
      {path && (
        <section>
          <p data-testid="uploaded">{path}</p>
          <StorageImage alt="latest upload" path={path} data-testid="storage-image" />
          <button type="button" onClick={presign}>
            Share link
          </button>
        </section>
      )}
      {presigned && (
        <p>
          <img alt="shared" src={presigned} data-testid="presigned-image" />
          <a href={presigned} data-testid="presigned-link">
            open
          </a>
          <code data-testid="presigned-url">{presigned}</code>
        </p>
      )}
    </main>
  );
}

function App() {
  return <Authenticator>{() => <Photos />}</Authenticator>;
}

const root = document.getElementById('root');
if (root) createRoot(root).render(<App />);
