import './pipeline/network-guard.ts';
import { render } from 'preact';
import { App } from './app/App.tsx';
import { LanguageProvider } from './app/Language/words.tsx';
import { installAutomation } from './pipeline/automation.ts';
import { FaceAnimator } from './pipeline/generate/client.ts';
import { startSession } from './pipeline/start-session.ts';
import './app/styles.css';
import { registerOfflineCache } from './offline/register.ts';

const animator = new FaceAnimator();
const session = startSession(animator);
installAutomation(session, animator);
// A closed tab stops work in flight and frees the workers.
window.addEventListener('pagehide', () => session.dispose());
registerOfflineCache();
render(
  <LanguageProvider>
    <App session={session} />
  </LanguageProvider>,
  document.getElementById('app')!,
);
