import type { CapabilityProfile } from '@annex/contracts';
import { CERTIFICATIONS, MODALITIES, REVENUE_BANDS, TASK_TYPES, TOOLS } from '@annex/domain';
import { m } from '#lib/paraglide/messages.js';
import { intRule } from '#lib/validation.ts';

/** The capability editor's fields as typed: strings and ticks, before they become a profile. */
export type CapForm = {
  modalities: string[];
  taskTypes: string[];
  capacity: Record<string, string>;
  certs: string[];
  certExp: Record<string, string>;
  headcount: string;
  yearsActive: string;
  revenueBand: string;
  secureRoom: 'yes' | 'no';
  aboveDesignatedSize: boolean;
  tools: string[];
  otherTools: string;
};
export type CapErrors = Partial<Record<string, string>>;

const KNOWN_TOOLS = TOOLS.filter((t) => t !== 'other') as readonly string[];
const MAX_CAPACITY = 100_000_000;

/** The editor filled from a saved profile (or empty for a firm that has none yet). */
export function capFormFrom(p: CapabilityProfile | null): CapForm {
  return {
    modalities: [...(p?.modalities ?? [])],
    taskTypes: [...(p?.taskTypes ?? [])],
    capacity: Object.fromEntries(Object.entries(p?.dailyCapacity ?? {}).map(([k, n]) => [k, String(n)])),
    certs: (p?.certifications ?? []).map((c) => c.name),
    certExp: Object.fromEntries((p?.certifications ?? []).map((c) => [c.name, c.expiresOn])),
    headcount: p ? String(p.headcount) : '',
    yearsActive: p ? String(p.yearsActive) : '',
    revenueBand: p?.revenueBand ?? '',
    secureRoom: p?.secureRoom ? 'yes' : 'no',
    aboveDesignatedSize: p?.aboveDesignatedSize ?? false,
    tools: (p?.tools ?? []).filter((t) => KNOWN_TOOLS.includes(t)),
    otherTools: (p?.tools ?? []).filter((t) => !KNOWN_TOOLS.includes(t)).join('、'),
  };
}

const str = (v: FormDataEntryValue | null) => (typeof v === 'string' ? v : '');

/** Reads the submitted editor. */
export function capFormRead(data: FormData): CapForm {
  const all = (k: string) => data.getAll(k).map(str);
  const taskTypes = all('taskTypes');
  const certs = all('certs');
  return {
    modalities: all('modalities'),
    taskTypes,
    capacity: Object.fromEntries(TASK_TYPES.map((t) => [t, str(data.get(`cap_${t}`))]).filter(([, v]) => v !== '')),
    certs,
    certExp: Object.fromEntries(CERTIFICATIONS.map((c) => [c, str(data.get(`certExp_${c}`))]).filter(([, v]) => v !== '')),
    headcount: str(data.get('headcount')),
    yearsActive: str(data.get('yearsActive')),
    revenueBand: str(data.get('revenueBand')),
    secureRoom: str(data.get('secureRoom')) === 'yes' ? 'yes' : 'no',
    aboveDesignatedSize: str(data.get('aboveDesignatedSize')) === 'yes',
    tools: all('tools'),
    otherTools: str(data.get('otherTools')),
  };
}

/** Tools typed as free text, split on the separators people use in Chinese and English. */
export function splitTools(s: string): string[] {
  return s
    .split(/[,，、;；\n]/)
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

/** The editor's rules; keys are the names of the controls that are wrong. */
export function capErrors(f: CapForm, today: string): CapErrors {
  const e: CapErrors = {};
  if (f.modalities.length === 0) e.modalities = m.v_pick_one();
  if (f.taskTypes.length === 0) e.taskTypes = m.v_pick_one();
  const head = intRule(0, 100_000)(f.headcount);
  if (head) e.headcount = head;
  const years = intRule(0, 100)(f.yearsActive);
  if (years) e.yearsActive = years;
  if (!(REVENUE_BANDS as readonly string[]).includes(f.revenueBand)) e.revenueBand = m.v_select();
  for (const t of f.taskTypes) {
    const err = intRule(0, MAX_CAPACITY, true)(f.capacity[t] ?? '');
    if (err) e[`cap_${t}`] = err;
  }
  for (const c of f.certs) {
    const exp = f.certExp[c] ?? '';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(exp) || Number.isNaN(Date.parse(exp))) e[`certExp_${c}`] = m.v_date();
    else if (exp < today) e[`certExp_${c}`] = m.v_cert_expired();
  }
  const others = splitTools(f.otherTools);
  if (others.some((t) => t.length > 40)) e.otherTools = m.v_too_long({ max: 40 });
  else if (f.tools.length + others.length > 20) e.otherTools = m.v_tools_many({ max: 20 });
  return e;
}

/** The profile the API stores; only call once capErrors is empty. */
export function capFormToProfile(f: CapForm): CapabilityProfile {
  const taskTypes = TASK_TYPES.filter((t) => f.taskTypes.includes(t));
  const dailyCapacity: CapabilityProfile['dailyCapacity'] = {};
  for (const t of taskTypes) {
    const raw = f.capacity[t]?.trim();
    if (raw) dailyCapacity[t] = Number(raw);
  }
  return {
    modalities: MODALITIES.filter((x) => f.modalities.includes(x)),
    taskTypes,
    headcount: Number(f.headcount),
    dailyCapacity,
    certifications: CERTIFICATIONS.filter((c) => f.certs.includes(c)).map((c) => ({ name: c, expiresOn: f.certExp[c] ?? '' })),
    secureRoom: f.secureRoom === 'yes',
    tools: [...KNOWN_TOOLS.filter((t) => f.tools.includes(t)), ...splitTools(f.otherTools)],
    yearsActive: Number(f.yearsActive),
    revenueBand: f.revenueBand as CapabilityProfile['revenueBand'],
    aboveDesignatedSize: f.aboveDesignatedSize,
  };
}
