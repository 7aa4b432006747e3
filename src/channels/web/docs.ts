/** @module What the API document says of the subscriber pages (HTML, no JavaScript needed). */
import { Type } from '@sinclair/typebox';
import type { RouteDoc } from '../../http/json-route.js';

const page = (description: string) => ({ description, contentType: 'text/html' });

const Numbers = Type.Array(Type.String(), { description: 'Meter numbers of this kind, a few.' });
const Samples = Type.Object({ prepaid: Numbers, postpaid: Numbers, water: Numbers, not_retained: Numbers }, { additionalProperties: false });
const NotDemo = Type.Object({ status: Type.Literal('not_found'), error: Type.Literal('not_found'), message: Type.String() }, { additionalProperties: false });

const ClaimForm = Type.Object({
  numero: Type.String({ maxLength: 48, description: 'Meter or contract number, as typed.' }),
  phone: Type.Optional(Type.String({ maxLength: 64, description: 'Optional mobile number for the SMS.' })),
  pass: Type.Optional(Type.String({ description: 'The waiting-room pass, when coming back from the line.' })),
  lang: Type.Optional(Type.Literal('en')),
});

const GrievanceForm = Type.Object({
  numero: Type.String({ maxLength: 64, description: 'Meter or contract number, as typed.' }),
  categorie: Type.Union(['not_retained', 'unknown_meter', 'code_rejected', 'not_credited', 'other'].map((c) => Type.Literal(c)), { description: 'What is contested (CONTRACT §10).' }),
  message: Type.Optional(Type.String({ maxLength: 2000, description: 'The subscriber\'s words, shown escaped wherever they appear.' })),
  phone: Type.Optional(Type.String({ maxLength: 64, description: 'Optional mobile number: the acknowledgement and the decision by SMS.' })),
  lang: Type.Optional(Type.Literal('en')),
});

type Key = 'home' | 'claim' | 'claimGet' | 'waiting' | 'lookup' | 'samples' | 'verify' | 'grievanceHome' | 'grievanceRaise' | 'grievanceStatus';
export const WEB_DOCS: Record<Key, RouteDoc & { form?: typeof ClaimForm | typeof GrievanceForm }> = {
  home: { summary: 'The subscriber page: what the relief is and the one-number form', description: 'French first; `?lang=en` for English; `?numero=` fills the form.', tags: ['pages'], responses: { 200: page('The page.') } },
  claim: { summary: 'The form\'s claim, answered as a page', description: 'Form fields `numero`, `phone`, `pass`, `lang`. The same claim core as the API: the page shows the code, the account credited, or the reason and what to do next.', tags: ['pages'], form: ClaimForm, responses: { 200: page('Issued, replayed or refused (a refusal is a normal answer to a person).'), 202: page('In line: place, estimated wait, refreshed by itself.'), 400: page('The form again, with the field in error.'), 503: page('Nothing recorded: try again.') } },
  claimGet: { summary: 'Never issues: sends a GET (link preview, bookmark) to the form', tags: ['pages'], responses: { 303: { description: 'To `/`, the number kept.' } } },
  waiting: { summary: 'The place in line, refreshed without JavaScript; never issues', description: 'Query `numero`, `pass`, `due`. Once the place is due, a button sends the claim (a POST).', tags: ['pages'], responses: { 200: page('Waiting, or "your turn" with the button.'), 303: { description: 'Without a number or pass: to the form.' } } },
  lookup: { summary: '"Retrouver mon code": the codes and credits already issued to a number; issues nothing', tags: ['pages'], responses: { 200: page('The form, or the credits found.'), 400: page('The number is malformed (same checks as a claim).') } },
  verify: { summary: 'The one-time code typed back: a phone not on file then gets the credit\'s SMS too', description: 'Form fields `numero`, `phone`, `code` (six digits, valid five minutes, five tries).', tags: ['pages'], responses: { 200: page('Verified.'), 400: page('Wrong (the form again), expired, too many tries, or no code.') } },
  grievanceHome: { summary: '"Réclamations": follow a grievance by ticket or meter number, or raise one; changes nothing', description: 'Query `q` (a ticket such as `R-7K3Q9X`, or a meter or contract number), `numero` and `categorie` to fill the form, `lang`.', tags: ['pages', 'grievances'], responses: { 200: page('The forms, or the grievances of a number.'), 303: { description: 'A ticket found: to `/reclamation/{ticket}`.' }, 400: page('`q` empty.'), 404: page('A ticket-shaped `q` that matches no grievance.'), 503: page('The store is away: nothing changed.') } },
  grievanceRaise: { summary: '"Contester": raises a grievance (CONTRACT §10) and answers with its ticket first', description: 'Form fields `numero`, `categorie`, `message` (at most 2,000 characters), `phone`, `lang`. One open grievance per subscriber, cycle and category: a second one shows the first ticket.', tags: ['pages', 'grievances'], form: GrievanceForm, responses: { 201: page('Recorded: the ticket, the date the answer is due.'), 200: page('Already one open for this category: its ticket.'), 400: page('The form again with the field in error (unknown category, empty number, message too long, bad phone); nothing stored.'), 503: page('Nothing recorded: try again.') } },
  grievanceStatus: { summary: 'A grievance\'s status and, once decided, the decision and its reason in plain words', tags: ['pages', 'grievances'], responses: { 200: page('The status.'), 404: page('Malformed (wrong check character) or unknown ticket.'), 503: page('The store is away.') } },
  samples: { summary: 'Demo mode only: sample numbers of each kind', tags: ['demo'], responses: { 200: { description: 'The numbers.', schema: Samples, example: { prepaid: ['14262700694'], postpaid: ['104146435'], water: ['504108511'], not_retained: ['437114757'] } }, 404: { description: 'Not in demo mode.', schema: NotDemo } } },
};
