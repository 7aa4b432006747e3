/** @module What the API document says of the USSD callback and of the demo's USSD emulator page. */
import { Type } from '@sinclair/typebox';
import type { RouteDoc } from '../../http/json-route.js';
import { UssdForm } from './form.js';

const text = (description: string, example: string) => ({ description, contentType: 'text/plain', example });
const page = (description: string) => ({ description, contentType: 'text/html' });

const EmulatorForm = Type.Object({
  action: Type.Optional(Type.Union([Type.Literal('dial'), Type.Literal('send'), Type.Literal('key'), Type.Literal('hangup')], { description: 'What the key pressed does.' })),
  dial: Type.Optional(Type.String({ maxLength: 32, description: 'The code dialled, e.g. `*855#`.' })),
  phone: Type.Optional(Type.String({ maxLength: 32, description: 'The demo caller\'s number.' })),
  session: Type.Optional(Type.String({ maxLength: 64, description: 'The session id, kept in a hidden field.' })),
  text: Type.Optional(Type.String({ maxLength: 1024, description: 'The inputs so far joined by `*`, kept in a hidden field.' })),
  n: Type.Optional(Type.String({ maxLength: 3, description: 'How many inputs `text` holds (an empty first input and no input look alike).' })),
  reply: Type.Optional(Type.String({ maxLength: 64, description: 'What the caller typed on this screen.' })),
  key: Type.Optional(Type.String({ maxLength: 1, description: 'A keypad key, added to `reply`.' })),
  lang: Type.Optional(Type.Literal('en')),
});

export const USSD_DOCS: Record<'callback' | 'emulator' | 'emulatorPost', RouteDoc & { form?: typeof UssdForm | typeof EmulatorForm }> = {
  callback: {
    summary: 'USSD (Africa\'s Talking callback): the menu, a claim by meter or contract number, "retrouver mon code", eligibility, grievances',
    description: 'Form fields `sessionId`, `serviceCode`, `phoneNumber`, `networkCode`, `text` (the inputs so far joined by `*`, empty at first). '
      + 'The answer is `text/plain`, `CON ` (the session goes on) or `END ` (it is over), at most 182 characters, GSM-7 only. '
      + 'Menu (French first, option 5 switches the session to English): 1 claim the credit, 2 retrieve my code, 3 am I eligible, 4 grievances '
      + '(`4*1*<category 1-5>*<number>*1` raises one and ends with its ticket; `4*2*<ticket or number>` shows its state and decision). '
      + '`1*<number>` ends with the code in groups of four, the account credited, or the reason; a queued claim ends with its place, and its answer follows. '
      + 'Stateless: the session is derived from `text` alone, so any node answers any step.',
    tags: ['ussd'],
    form: UssdForm,
    responses: {
      200: text('A screen. Every problem is answered with one: a typo, an unknown option, too many steps, a 10 KB `text`, and a request with a field missing or misshapen (`END Demande USSD incomplète ou mal formée. / Incomplete or malformed USSD request.`, logged).', 'CON Crédit offert électricité et eau\n1 Obtenir mon crédit\n2 Retrouver mon code\n3 Suis-je éligible?\n4 Contester un refus\n5 English'),
      400: text('The body cannot be read at all (over 64 KB, a broken Content-Length): one END line.', 'END Demande USSD illisible. / Unreadable USSD request.'),
    },
  },
  emulator: {
    summary: 'Demo mode only: a basic phone in the browser that dials the USSD service (no JavaScript)',
    description: 'Each key press is a form POST to `/demo/ussd`, which drives `POST /ussd/africastalking` as the gateway would. `?lang=en` for the page\'s own words. 404 outside demo mode.',
    tags: ['demo', 'ussd'],
    responses: { 200: page('The phone, idle: dial `*855#`.'), 404: { description: 'Not in demo mode.' } },
  },
  emulatorPost: {
    summary: 'Demo mode only: one key press on the emulated phone (dial, a key, send, hang up)',
    tags: ['demo', 'ussd'],
    form: EmulatorForm,
    responses: { 200: page('The phone with the service\'s screen.'), 404: { description: 'Not in demo mode.' } },
  },
};
