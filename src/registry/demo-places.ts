/** @module Gabonese places and names for demo registries: SEEG agencies, their districts, holders' names. */

export interface Agency {
  name: string;
  /** Prefix of contract numbers (the town's IATA code where it has one). */
  code: string;
  /** Share of subscribers, roughly following population (Libreville and its suburbs hold half the country). */
  weight: number;
  districts: readonly string[];
  /** STS supply group codes of the agency's vending. */
  sgcs: readonly string[];
}

export const AGENCIES: readonly Agency[] = [
  {
    name: 'Libreville Centre', code: 'LBV', weight: 30, sgcs: ['401112', '401113', '401114'],
    districts: [
      'Nzeng-Ayong', 'Akébé', 'Louis', 'Glass', 'Nombakélé', 'PK8', 'Charbonnages', 'Mont-Bouët', 'Lalala',
      'Plein Ciel', 'Batterie IV', 'Sotéga', 'Belle-Vue', 'Kinguélé', 'Awendjé', 'Nkembo', 'Cocotiers',
      'Atong Abè', 'PK5', 'PK12', 'Ozangué', 'Quaben', 'Derrière la Prison', 'Bas de Gué-Gué', 'Likouala',
    ],
  },
  {
    name: 'Owendo', code: 'OWE', weight: 7, sgcs: ['401121'],
    districts: ['Alénakiri', 'Owendo Centre', 'Awoungou', 'Akournam', 'SNI Owendo', 'Barracuda', 'Pont Nomba'],
  },
  {
    name: 'Akanda', code: 'AKA', weight: 8, sgcs: ['401131'],
    districts: ['Angondjé', 'Okala', 'Cap Estérias', 'Malibé', 'Avorbam', 'Bambouchine', 'Agondjé'],
  },
  { name: 'Ntoum', code: 'NTM', weight: 4, sgcs: ['401141'], districts: ['Ntoum Centre', 'Essassa', 'Bikélé', 'Nkoltang'] },
  {
    name: 'Port-Gentil', code: 'POG', weight: 14, sgcs: ['402211', '402212'],
    districts: ['Balise', 'Grand Village', 'Ntchengué', 'Salsa', 'Château', 'Quartier Chic', 'Matanda', 'Aviation', 'Bac Aviation', 'Sud'],
  },
  {
    name: 'Franceville', code: 'MVB', weight: 7, sgcs: ['403311'],
    districts: ['Potos', 'Mangoungou', 'Yéné', 'Mbaya', 'Ombélé', 'Franceville Centre'],
  },
  { name: 'Oyem', code: 'OYE', weight: 5, sgcs: ['404411'], districts: ['Akouakam', 'Ngouéma', 'Adzougou', 'Oyem Centre', 'Angone'] },
  { name: 'Lambaréné', code: 'LBQ', weight: 3, sgcs: ['405511'], districts: ['Isaac', 'Adouma', 'Atongowanga', 'Île Lambaréné'] },
  { name: 'Moanda', code: 'MFF', weight: 4, sgcs: ['403321'], districts: ['Moanda Centre', 'Cité COMILOG', 'Leyima', 'Moukaba'] },
  { name: 'Mouila', code: 'MJL', weight: 3, sgcs: ['406611'], districts: ['Mouila Centre', 'Saint-Martin', 'Mukab', 'Mbenga'] },
  { name: 'Tchibanga', code: 'TCH', weight: 2, sgcs: ['407711'], districts: ['Tchibanga Centre', 'Mourindi', 'Mamadou', 'Ibassa'] },
  { name: 'Makokou', code: 'MKU', weight: 2, sgcs: ['408811'], districts: ['Makokou Centre', 'Zoatab', 'Mbolo', 'Ivindo'] },
  { name: 'Koulamoutou', code: 'KOU', weight: 2, sgcs: ['409911'], districts: ['Koulamoutou Centre', 'Lébamba Route', 'Mbenda', 'Pont Lolo'] },
];

/** Family names across Fang, Punu, Nzebi, Myènè, Téké and other families of Gabon. */
export const SURNAMES: readonly string[] = [
  'OBAME', 'NGUEMA', 'NDONG', 'MBA', 'MOUSSAVOU', 'MOUKETOU', 'BOUSSOUGOU', 'ONDO', 'ESSONO', 'ELLA', 'ALLOGO',
  'MINKO', 'NZE', 'OBIANG', 'MVE', 'ASSOUMOU', 'EDOU', 'EYEGHE', 'ZUE', 'BIYOGHE', 'MINTSA', 'OYONO', 'NTOUTOUME',
  'MAGANGA', 'MOUNDOUNGA', 'MOUTSINGA', 'KOUMBA', 'MBOUMBA', 'NDINGA', 'MADOUNGOU', 'IBINGA', 'MABIKA', 'MOMBO',
  'NZIENGUI', 'MOUGOUNGOU', 'BOUKANDOU', 'NDJAVE', 'OGANDAGA', 'OYANE', 'RENDJAMBE', 'ANGUILE', 'AWORET',
  'OGOULA', 'OKOUMBA', 'DIKAMBI', 'NGOMA', 'LEYAMA', 'MAKAYA', 'NGOUONI', 'BAKITA', 'MOUELE', 'ONANGA', 'OKOGO',
  'AKENDENGUE', 'NDZIGOU', 'MIHINDOU', 'BIBALOU', 'MAVOUNGOU', 'PAMBO', 'NDOUTOUME',
];

export const FIRST_NAMES: readonly string[] = [
  'Jean-Pierre', 'Marie', 'Paul', 'Jeanne', 'Serge', 'Christiane', 'Landry', 'Gisèle', 'Rodrigue', 'Nadège',
  'Aristide', 'Sylvie', 'Blaise', 'Prisca', 'Davy', 'Clarisse', 'Fabrice', 'Ornella', 'Hervé', 'Patricia',
  'Ulrich', 'Léa', 'Brice', 'Joséphine', 'Guy-Roger', 'Annick', 'Franck', 'Rachelle', 'Junior', 'Stéphanie',
  'Thierry', 'Mireille', 'Wilfried', 'Cynthia', 'Arsène', 'Danielle', 'Cédric', 'Pélagie', 'Yannick', 'Béatrice',
  'Anicet', 'Flore', 'Loïc', 'Bernadette', 'Lionel', 'Murielle', 'Gervais', 'Huguette', 'Régis', 'Nathalie',
];

/** Businesses: some names carry a comma or quotes, as real exports do, so imports meet RFC 4180 quoting. */
export const BUSINESS_TEMPLATES: readonly string[] = [
  'Boulangerie {D}', 'Pharmacie de {D}', 'Ets {S} & Fils', 'Ets {S}, {S} et Associés', 'Garage {S}',
  'Restaurant Chez {F}', 'Quincaillerie {S}', 'SARL {S} Services', 'Cabinet médical {S}', 'Salon de coiffure {F}',
  'Supermarché {D}', 'Bar "Le Palmier" ({D})', 'Hôtel {S}', 'Imprimerie {S}', 'Boutique {F}, {D}', 'Menuiserie {S}',
];

export const ADMINISTRATION_TEMPLATES: readonly string[] = [
  'École publique de {D}', 'Lycée {S}', 'Mairie de {A}', 'Centre de santé de {D}', 'Gendarmerie de {D}',
  'Préfecture de {A}', 'Commissariat de {D}', 'Direction provinciale de la Santé, {A}', 'Centre social de {D}',
  'Collège d\'enseignement secondaire de {D}', 'Poste de police de {D}',
];
