// The message every composer produces and every transport sends: one shape, plain data.
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

/** Nodemailer's view of the message; file and URL access stay off whatever the content. */
export function toNodemailer(message: MailMessage) {
  return {
    from: message.from,
    to: message.to,
    replyTo: message.replyTo,
    subject: message.subject,
    messageId: `<${message.messageId}>`,
    text: message.text,
    html: message.html,
    headers: message.headers,
    attachments: message.attachments.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}
