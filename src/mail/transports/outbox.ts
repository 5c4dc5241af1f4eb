// The embedded default: without SMTP_URL every message is written as a .eml file that any
// mail program opens, so a fresh `npm start` works with no mail server at all.
import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { writeDurable } from '../../spool/durable.ts';
import { toNodemailer, type MailMessage, type Transport } from '../message.ts';

export function outboxTransport(dir: string, log: (line: string) => void = console.log): Transport {
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    name: 'outbox',
    async send(message: MailMessage) {
      const info = await transporter.sendMail(toNodemailer(message));
      await fs.mkdir(dir, { recursive: true });
      const file = path.join(dir, `${message.messageId.replace(/[^A-Za-z0-9.-]/g, '_')}.eml`);
      await writeDurable(file, info.message as Buffer);
      log(`mail: wrote ${file} (to ${typeof message.to === 'string' ? message.to : message.to.address})`);
      return { messageId: message.messageId };
    },
    close: () => transporter.close(),
  };
}
