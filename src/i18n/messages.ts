/**
 * What a message is, apart from its words: a key of the English catalogue and the parameters its
 * entry takes. Workers and core code hand these around (they carry no sentences); the page words
 * them in its language, the CLI in English. Only types come from the catalogue here, so a worker
 * that says something does not bundle any language.
 */
import type { en } from './en.ts';

/** Every language's catalogue has exactly the English one's keys, entries and parameters. */
export type Messages = typeof en;

/** The keys whose entries are sentences (the motions' names are looked up by motion id). */
export type MessageKey = { [K in keyof Messages]: Messages[K] extends string | ((params: never) => string) ? K : never }[keyof Messages];

export type ParamsOf<K extends MessageKey> = Messages[K] extends (params: infer P) => string ? P : never;

/** The parameters `t` and `say` take after the key: none for a plain sentence. */
export type ParamArgs<K extends MessageKey> = Messages[K] extends string ? [] : [params: ParamsOf<K>];

export type Message = { [K in MessageKey]: (Messages[K] extends string ? { key: K } : { key: K; params: ParamsOf<K> }) & { because?: Message[] } }[MessageKey];

/** A message, to be worded later in the reader's language. */
export function say<K extends MessageKey>(key: K, ...params: ParamArgs<K>): Message {
  return (params.length ? { key, params: params[0] } : { key }) as Message;
}

/** `message` followed by what caused it ("… could not be made: <reason>; <reason>"). */
export function because(message: Message, reasons: Message[]): Message {
  return { ...message, because: reasons };
}

/** `message` in the words of `messages`; its reasons follow, joined as the language joins a list. */
export function render(messages: Messages, message: Message): string {
  const entry = messages[message.key] as string | ((params: unknown) => string);
  const text = typeof entry === 'string' ? entry : entry('params' in message ? message.params : undefined);
  return message.because?.length ? `${text}${messages['list.lead']}${message.because.map((reason) => render(messages, reason)).join(messages['list.separator'])}` : text;
}

/** Thrown where a failure travels as an exception: its message is a key, `said` its words. */
export class Refusal extends Error {
  constructor(readonly said: Message) {
    super(said.key);
    this.name = 'Refusal';
  }
}
