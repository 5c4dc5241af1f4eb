// The message every composer produces and every transport sends: one shape, plain data.
import { encodeWord } from 'nodemailer/lib/mime-funcs';

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

export type Address = string | { name: string; address: string };

export interface MailMessage {
  from: Address;
  to: Address;
  replyTo?: Address;
  subject: string;
  /** Without angle brackets; derived from the reference so a resend is recognisable. */
  messageId: string;
  text: string;
  html: string;
  attachments: MailAttachment[];
  headers?: Record<string, string>;
}

export interface Transport {
  readonly name: string;
  send(message: MailMessage): Promise<{ messageId: string }>;
  close(): void;
}

/** The part after @ of the portal's address, for Message-IDs. */
export function mailDomain(address: string): string {
  const m = /@([^>\s]+)>?\s*$/.exec(address);
  return m ? m[1]!.toLowerCase() : 'localhost';
}

/**
 * Nodemailer sends text that already reads as an encoded word ("=?UTF-8?B?…?=") as it is, and
 * mail programs decode it: a buyer could make the seller see any subject or name, line breaks
 * included. Encoding such text ourselves keeps it literal.
 */
const literal = (text: string) => (text.includes('=?') ? encodeWord(text, 'Q', 52) : text);
const literalName = <A extends Address | undefined>(a: A): A => (a && typeof a === 'object' ? { ...a, name: literal(a.name) } : a);

/** Nodemailer's view of the message; file and URL access stay off whatever the content. */
export function toNodemailer(message: MailMessage) {
  return {
    from: literalName(message.from),
    to: literalName(message.to),
    replyTo: literalName(message.replyTo),
    subject: literal(message.subject),
    messageId: `<${message.messageId}>`,
    text: message.text,
    html: message.html,
    headers: message.headers,
    attachments: message.attachments.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}
