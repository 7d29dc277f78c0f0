// A mutual's profile on a day: what its milestones say held at the end of that day. The same
// fold answers "as now believed" and "as known on a past day": it is given whichever set of
// milestones the question calls for.
//
// The rule for partial dates: a milestone is applied only when it certainly happened by the day
// (every day its date could denote is on or before it). One whose date spans the day ("2016"
// against 2016-06-01) is not applied, and is named in `uncertain` with why, so an answer never
// guesses which side of the day it fell on. A contract's term is judged the same way: it counts
// as active only when it certainly started by the day and certainly had not ended before it.
import { assertNever } from '../shared/assert-never.js';
import { type PartialDate, comparePartialDates, earliestDay, latestDay, partialDate, placeAgainstDay } from '../shared/partial-date.js';
import type { StageOfDevelopment } from '../case/case.vocabulary.js';
import type { MilestoneType } from './mutual.commands.js';
import type { BoardComposition } from './mutual.events.js';
import { type LegalForm, type OwnershipModel, type Region, SERVICE_AREAS, type ServiceArea } from './mutual.vocabulary.js';

/** A milestone as the timelines list it: its kind, partial date and own facts. */
export interface ProfileMilestone {
  milestoneId: string;
  type: MilestoneType;
  occurredOn: string;
  details: Record<string, unknown>;
}

export interface ProfileRegistration {
  name: string;
  serviceAreas: readonly ServiceArea[];
  region?: Region | null;
  legalForm?: LegalForm | null;
  parentBody?: string | null;
}

export const MUTUAL_STATUSES = ['pre-spin-out', 'active', 'merged', 'acquired', 'dissolved'] as const;
export type MutualStatus = (typeof MUTUAL_STATUSES)[number];

export interface ActiveContract {
  milestoneId: string;
  /** How the term now running was recorded. */
  recordedAs: 'contract-awarded' | 'contract-renewed' | 'contract-extended';
  commissioner: string;
  contractName?: string;
  startsOn: string;
  endsOn: string;
  annualValueGbp?: number;
}

export interface UncertainMilestone {
  milestoneId: string;
  type: MilestoneType;
  occurredOn: string;
  because: string;
}

export interface MutualProfile {
  /** The day the profile describes (at its end). */
  on: string;
  name: string;
  status: MutualStatus;
  /** The milestone that ended the mutual, when it had ended by the day. */
  end?: { milestoneId: string; type: 'merged' | 'acquired' | 'dissolved'; occurredOn: string };
  spunOutOn?: string;
  /** Whole years since spin-out: the least and the most the spin-out's partial date allows. */
  yearsSinceSpinOut?: { atLeast: number; atMost: number };
  /** From the years since spin-out (early 0-2, developing 3-5, established 6+); absent when the years leave it open. */
  stageOfDevelopment?: StageOfDevelopment;
  region?: Region;
  parentBody?: string;
  legalForm?: LegalForm;
  ownershipModel?: OwnershipModel;
  boardComposition?: BoardComposition;
  employeeOwnedSharePercent?: number;
  memberCount?: number;
  activeContracts: ActiveContract[];
  /** The active contract that ends first. */
  nextContractEnd?: { milestoneId: string; commissioner: string; contractName?: string; endsOn: string };
  /** Sum of the active contracts' annual values; `contractsWithoutValue` of them have none recorded. */
  annualContractValueGbp: number;
  contractsWithoutValue: number;
  staffing?: { milestoneId: string; headcount: number; fte?: number; asAt: string };
  turnover?: { milestoneId: string; financialYear: string; amountGbp: number };
  /** As registered, with the areas of the services running. */
  serviceAreas: ServiceArea[];
  services: { milestoneId: string; serviceName: string; serviceArea?: ServiceArea; launchedOn: string }[];
  /** Milestones left out because their dates may fall on either side of the day. */
  uncertain: UncertainMilestone[];
}

/** Kinds that say nothing about the profile: listed on timelines, never folded here. */
const OUTSIDE_THE_PROFILE: ReadonlySet<MilestoneType> = new Set(['funding-secured', 'award-received', 'observation']);

interface ContractTerm {
  contract: ActiveContract;
  /** The date of the milestone that recorded the term. */
  recordedOn: string;
  commissionerKey: string;
  nameKey: string;
  /** Set by a later loss or end of the contract: the day delivery stops. */
  endedOn?: string;
}

/** Contracts are told apart by commissioner and name, whatever the case and spacing. */
const keyOf = (text: string | undefined) => (text ?? '').trim().toLowerCase();

const serviceKey = (name: string) => name.trim().toLowerCase();

/** Whole years from `from` to `to` (both `YYYY-MM-DD`), as a birthday counts them. */
export function wholeYearsBetween(from: string, to: string): number {
  const years = Number(to.slice(0, 4)) - Number(from.slice(0, 4));
  return to.slice(5) < from.slice(5) ? years - 1 : years;
}

export function stageAfter(years: number): StageOfDevelopment {
  if (years < 0) return 'pre-spin-out';
  if (years <= 2) return 'early';
  if (years <= 5) return 'developing';
  return 'established';
}

/**
 * The profile at the end of `day` from the milestones given (any order; they are applied in the
 * order they happened, then as given).
 */
export function profileOn(registration: ProfileRegistration, milestones: readonly ProfileMilestone[], day: string): MutualProfile {
  const ordered = milestones
    .map((milestone, index) => ({ milestone, index, date: partialDate(milestone.occurredOn) }))
    .sort((a, b) => comparePartialDates(a.date, b.date) || a.index - b.index);

  const profile: MutualProfile = {
    on: day,
    name: registration.name,
    status: 'active',
    ...(registration.region ? { region: registration.region } : {}),
    ...(registration.parentBody ? { parentBody: registration.parentBody } : {}),
    ...(registration.legalForm ? { legalForm: registration.legalForm } : {}),
    activeContracts: [],
    annualContractValueGbp: 0,
    contractsWithoutValue: 0,
    serviceAreas: [],
    services: [],
    uncertain: [],
  };
  const contracts = new Map<string, ContractTerm>();
  const services = new Map<string, MutualProfile['services'][number]>();
  let staffingDate: PartialDate | undefined;
  let spinOutRecorded = false;

  for (const { milestone, date } of ordered) {
    const { type, details } = milestone;
    if (OUTSIDE_THE_PROFILE.has(type)) continue;
    if (type === 'spun-out') spinOutRecorded = true;
    const placement = placeAgainstDay(date, day);
    if (placement === 'after') continue;
    if (placement === 'uncertain') {
      profile.uncertain.push({ ...idOf(milestone), because: `${milestone.occurredOn} may fall after ${day}` });
      continue;
    }
    switch (type) {
      case 'spun-out':
        profile.spunOutOn ??= milestone.occurredOn;
        break;
      case 'contract-awarded':
      case 'contract-renewed':
      case 'contract-extended': {
        const terms = details as { commissioner: string; contractName?: string; startsOn: string; endsOn: string; annualValueGbp?: number };
        const [commissionerKey, nameKey] = [keyOf(terms.commissioner), keyOf(terms.contractName)];
        contracts.set(`${commissionerKey}\u0000${nameKey}`, {
          contract: {
            milestoneId: milestone.milestoneId,
            recordedAs: type,
            commissioner: terms.commissioner,
            ...(terms.contractName ? { contractName: terms.contractName } : {}),
            startsOn: terms.startsOn,
            endsOn: terms.endsOn,
            ...(terms.annualValueGbp !== undefined ? { annualValueGbp: terms.annualValueGbp } : {}),
          },
          recordedOn: milestone.occurredOn,
          commissionerKey,
          nameKey,
        });
        break;
      }
      case 'contract-lost':
      case 'contract-ended': {
        const ending = details as { commissioner: string; contractName?: string; endsOn: string };
        // A loss naming no contract ends every contract with that commissioner.
        for (const term of contracts.values()) {
          if (term.commissionerKey !== keyOf(ending.commissioner)) continue;
          if (ending.contractName !== undefined && term.nameKey !== keyOf(ending.contractName)) continue;
          term.endedOn = ending.endsOn;
        }
        break;
      }
      case 'governance-changed': {
        const changes = details as {
          legalForm?: LegalForm;
          ownershipModel?: OwnershipModel;
          boardComposition?: BoardComposition;
          employeeOwnedSharePercent?: number;
          memberCount?: number;
        };
        if (changes.legalForm) profile.legalForm = changes.legalForm;
        if (changes.ownershipModel) profile.ownershipModel = changes.ownershipModel;
        if (changes.boardComposition) profile.boardComposition = changes.boardComposition;
        if (changes.employeeOwnedSharePercent !== undefined) profile.employeeOwnedSharePercent = changes.employeeOwnedSharePercent;
        if (changes.memberCount !== undefined) profile.memberCount = changes.memberCount;
        break;
      }
      case 'staffing-reported': {
        const figures = details as { headcount: number; fte?: number; asAt?: string };
        const asAt = figures.asAt ?? milestone.occurredOn;
        const described = partialDate(asAt);
        // The latest figures are those describing the latest date, whenever they were reported.
        if (staffingDate && comparePartialDates(described, staffingDate) < 0) break;
        staffingDate = described;
        profile.staffing = {
          milestoneId: milestone.milestoneId,
          headcount: figures.headcount,
          ...(figures.fte !== undefined ? { fte: figures.fte } : {}),
          asAt,
        };
        break;
      }
      case 'turnover-reported': {
        const figures = details as { financialYear: string; amountGbp: number };
        if (profile.turnover && figures.financialYear < profile.turnover.financialYear) break;
        profile.turnover = { milestoneId: milestone.milestoneId, financialYear: figures.financialYear, amountGbp: figures.amountGbp };
        break;
      }
      case 'service-launched': {
        const service = details as { serviceName: string; serviceArea?: ServiceArea };
        services.set(serviceKey(service.serviceName), {
          milestoneId: milestone.milestoneId,
          serviceName: service.serviceName,
          ...(service.serviceArea ? { serviceArea: service.serviceArea } : {}),
          launchedOn: milestone.occurredOn,
        });
        break;
      }
      case 'service-closed':
        services.delete(serviceKey((details as { serviceName: string }).serviceName));
        break;
      case 'merged':
      case 'acquired':
      case 'dissolved':
        profile.end ??= { milestoneId: milestone.milestoneId, type, occurredOn: milestone.occurredOn };
        break;
      case 'funding-secured':
      case 'award-received':
      case 'observation':
        break;
      default:
        assertNever(type);
    }
  }

  if (profile.end) profile.status = profile.end.type;
  else if (spinOutRecorded && !profile.spunOutOn) profile.status = 'pre-spin-out';

  if (profile.spunOutOn) {
    const spunOut = partialDate(profile.spunOutOn);
    const years = { atLeast: wholeYearsBetween(latestDay(spunOut), day), atMost: wholeYearsBetween(earliestDay(spunOut), day) };
    profile.yearsSinceSpinOut = years;
    const [least, most] = [stageAfter(years.atLeast), stageAfter(years.atMost)];
    if (least === most) profile.stageOfDevelopment = least;
  } else if (profile.status === 'pre-spin-out') {
    profile.stageOfDevelopment = 'pre-spin-out';
  }

  if (!profile.end) foldContracts(profile, contracts, day);

  profile.services = [...services.values()];
  const areas = new Set<ServiceArea>([
    ...registration.serviceAreas,
    ...profile.services.flatMap((s) => (s.serviceArea ? [s.serviceArea] : [])),
  ]);
  profile.serviceAreas = SERVICE_AREAS.filter((area) => areas.has(area));
  if (profile.end) profile.services = [];
  return profile;
}

/** Which terms run on the day, which may or may not, and what they add up to. */
function foldContracts(profile: MutualProfile, contracts: Map<string, ContractTerm>, day: string): void {
  for (const { contract, recordedOn, endedOn } of contracts.values()) {
    const starts = partialDate(contract.startsOn);
    if (earliestDay(starts) > day) continue;
    // It runs through the last day of its term, or of the day its loss or end takes effect.
    const stop = endedOn && latestDay(partialDate(endedOn)) < latestDay(partialDate(contract.endsOn)) ? endedOn : contract.endsOn;
    if (latestDay(partialDate(stop)) < day) continue;
    const doubts = [
      ...(latestDay(starts) > day ? [`starts ${contract.startsOn}, which may fall after ${day}`] : []),
      ...(earliestDay(partialDate(stop)) < day ? [`ends ${stop}, which may fall before ${day}`] : []),
    ];
    if (doubts.length > 0) {
      const { milestoneId, recordedAs: type } = contract;
      profile.uncertain.push({
        milestoneId,
        type,
        occurredOn: recordedOn,
        because: `the contract with ${contract.commissioner} ${doubts.join(' and ')}`,
      });
      continue;
    }
    profile.activeContracts.push({ ...contract, ...(stop !== contract.endsOn ? { endsOn: stop } : {}) });
  }
  const firstDay = (contract: ActiveContract) => earliestDay(partialDate(contract.endsOn));
  profile.activeContracts.sort((a, b) => firstDay(a).localeCompare(firstDay(b)));
  const first = profile.activeContracts[0];
  if (first) {
    const { milestoneId, commissioner, contractName, endsOn } = first;
    profile.nextContractEnd = { milestoneId, commissioner, ...(contractName ? { contractName } : {}), endsOn };
  }
  for (const contract of profile.activeContracts) {
    if (contract.annualValueGbp === undefined) profile.contractsWithoutValue += 1;
    else profile.annualContractValueGbp += contract.annualValueGbp;
  }
}

const idOf = ({ milestoneId, type, occurredOn }: ProfileMilestone) => ({ milestoneId, type, occurredOn });
