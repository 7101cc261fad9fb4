import './pipeline/network-guard.ts';
import { render } from 'preact';
import { App } from './app/App.tsx';
import { installAutomation } from './pipeline/automation.ts';
import { FaceFinder } from './pipeline/detect/client.ts';
import { FileExporter } from './pipeline/export/client.ts';
import { FaceAnimator } from './pipeline/generate/client.ts';
import './app/styles.css';
import { registerOfflineCache } from './offline/register.ts';

const finder = new FaceFinder();
const animator = new FaceAnimator();
const exporter = new FileExporter();
installAutomation(finder, animator);
// A closed tab stops work in flight and frees the workers.
window.addEventListener('pagehide', () => {
  finder.dispose();
  animator.dispose();
  exporter.dispose();
});
registerOfflineCache();
render(<App finder={finder} animator={animator} exporter={exporter} />, document.getElementById('app')!);
