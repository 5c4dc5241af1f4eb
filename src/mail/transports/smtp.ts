// SMTP delivery through nodemailer. Its failures are sorted into temporary (retry later) and
// permanent (a person must look), which is all the worker needs to know.
import nodemailer from 'nodemailer';
import { PortalError } from '../../lib/errors.ts';
import { toNodemailer, type MailMessage, type Transport } from '../message.ts';

const TEMPORARY_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EPROTOCOL', 'ETLS']);

export function smtpTransport(url: string, timeoutMs = 30_000): Transport {
  const transporter = nodemailer.createTransport({
    url,
    disableFileAccess: true,
    disableUrlAccess: true,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs * 2,
  });
  return {
    name: 'smtp',
    async send(message: MailMessage) {
      try {
        await transporter.sendMail(toNodemailer(message));
        return { messageId: message.messageId };
      } catch (err) {
        throw classify(err);
      }
    },
    close: () => transporter.close(),
  };
}

export function classify(err: unknown): PortalError {
  const e = err as { code?: string; responseCode?: number; message?: string };
  const detail = `${e.responseCode ?? e.code ?? 'error'}: ${(e.message ?? String(err)).split('\n')[0]}`;
  const temporary =
    (e.responseCode !== undefined && e.responseCode >= 400 && e.responseCode < 500) ||
    (e.responseCode === undefined && (TEMPORARY_CODES.has(e.code ?? '') || e.code === undefined));
  return new PortalError(temporary ? 'MAIL_TEMPORARY' : 'MAIL_PERMANENT', detail, { cause: err });
}
