/** Messages in English, for the CLI and the automation it drives (they stay English whatever the page's language). */
import { en } from './en.ts';
import { render, type Message } from './messages.ts';

export const english = (message: Message): string => render(en, message);
