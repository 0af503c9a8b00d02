/** A campaign's voicemail-drop message, as the library routes return it (decision 0029). */
export type DropMessageView = {
  id: string;
  name: string;
  /** An uploaded recording, or words the provider's text-to-speech reads. */
  kind: 'audio' | 'tts';
  text: string | null;
  /** audio/wav or audio/mpeg, recognised from the file's bytes. */
  contentType: string | null;
  sizeBytes: number | null;
  /** The campaign's drop message: what a machine hears after its beep. */
  chosen: boolean;
  createdAt: string;
};

export type DropLibrary = { messages: DropMessageView[]; maxBytes: number; maxMessages: number };

/** POST …/drop-messages: a message read by text-to-speech. Uploads send the file as the raw body instead. */
export type NewDropTextRequest = { name: string; text: string };

/** PUT …/drop-message: the campaign's chosen drop message, or null for none. */
export type ChooseDropMessageRequest = { messageId: string | null };
