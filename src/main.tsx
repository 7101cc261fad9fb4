import { render } from 'preact';
import { App } from './app/App.tsx';
import { installAutomation } from './pipeline/automation.ts';
import { FaceFinder } from './pipeline/detect/client.ts';
import './app/styles.css';

const finder = new FaceFinder();
installAutomation(finder);
// A closed tab stops work in flight and frees the worker.
window.addEventListener('pagehide', () => finder.dispose());
render(<App finder={finder} />, document.getElementById('app')!);
