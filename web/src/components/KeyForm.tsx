import { useState } from 'preact/hooks';
import { saveApiKey, type KeyNeed } from '../auth';

/** Asked once when the server answers 401; the key is kept for this browser session. */
export function KeyForm({ need }: { need: KeyNeed }) {
  const [key, setKey] = useState('');
  return (
    <section class="card key-form" aria-labelledby="key-title">
      <h1 id="key-title">API key required</h1>
      <p>This lfp server requires an API key (<code>LFP_API_KEY</code>). It is kept for this browser session only.</p>
      {need === 'refused' && <p class="state state-error" role="alert">The server refused that key: check it and enter it again.</p>}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (key.trim()) saveApiKey(key.trim());
        }}
      >
        <label for="api-key">API key</label>
        <div class="row">
          <input id="api-key" type="password" autocomplete="off" required value={key} onInput={(e) => setKey(e.currentTarget.value)} />
          <button type="submit" class="primary">Continue</button>
        </div>
      </form>
    </section>
  );
}
