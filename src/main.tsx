import './pipeline/network-guard.ts';
import { render } from 'preact';
import { App } from './app/App.tsx';
import { installAutomation } from './pipeline/automation.ts';
import { FaceFinder } from './pipeline/detect/client.ts';
import { FaceAnimator } from './pipeline/generate/client.ts';
import './app/styles.css';

const finder = new FaceFinder();
const animator = new FaceAnimator();
installAutomation(finder, animator);
// A closed tab stops work in flight and frees the workers.
window.addEventListener('pagehide', () => {
  finder.dispose();
  animator.dispose();
});
render(<App finder={finder} animator={animator} />, document.getElementById('app')!);
