/**
 * Pincode risk weight (0 = lowest risk, 100 = highest): configuration, not code. A weight comes from the
 * most specific entry: a 6-digit pincode override, then a 3-digit prefix (sorting district) override, then
 * the state of the prefix (India Post directory), then the default for pincodes we cannot place.
 * The figures are the risk team's illustrative baseline (collection efficiency by region), reviewed with
 * the rule versions; the decision tables compare against them (e.g. "pincode risk ≤ 60").
 */
import { PINCODE_PREFIX_STATE } from "./pincode-prefixes";

export interface PincodeRiskConfig {
  defaultWeight: number;
  byState: Readonly<Record<string, number>>;
  byPrefix: Readonly<Record<string, number>>;
  byPincode: Readonly<Record<string, number>>;
}

export const PINCODE_RISK_CONFIG: PincodeRiskConfig = {
  /** A pincode that is not in the directory is treated as high risk, not refused. */
  defaultWeight: 75,
  byState: {
    "ANDAMAN AND NICOBAR ISLANDS": 55,
    "ANDHRA PRADESH": 40,
    "ARUNACHAL PRADESH": 65,
    ASSAM: 60,
    BIHAR: 65,
    CHANDIGARH: 25,
    CHHATTISGARH: 55,
    DELHI: 30,
    GOA: 25,
    GUJARAT: 30,
    HARYANA: 35,
    "HIMACHAL PRADESH": 35,
    "JAMMU AND KASHMIR": 70,
    JHARKHAND: 60,
    KARNATAKA: 25,
    KERALA: 30,
    LADAKH: 70,
    LAKSHADWEEP: 60,
    "MADHYA PRADESH": 50,
    MAHARASHTRA: 30,
    MANIPUR: 80,
    MEGHALAYA: 65,
    MIZORAM: 65,
    NAGALAND: 70,
    ODISHA: 50,
    PUDUCHERRY: 35,
    PUNJAB: 45,
    RAJASTHAN: 45,
    SIKKIM: 45,
    "TAMIL NADU": 25,
    TELANGANA: 30,
    "THE DADRA AND NAGAR HAVELI AND DAMAN AND DIU": 45,
    TRIPURA: 60,
    "UTTAR PRADESH": 55,
    UTTARAKHAND: 45,
    "WEST BENGAL": 50,
  },
  byPrefix: {
    // Metro sorting districts with better collection history than their state's average.
    "400": 20, // Mumbai
    "411": 20, // Pune
    "560": 15, // Bengaluru
    "600": 20, // Chennai
    "500": 20, // Hyderabad
    "700": 35, // Kolkata
    "201": 35, // Noida / Ghaziabad
  },
  byPincode: {},
};

export interface PincodeRisk {
  weight: number;
  state: string | null;
}

export function pincodeRisk(pincode: string, config: PincodeRiskConfig = PINCODE_RISK_CONFIG): PincodeRisk {
  const state = PINCODE_PREFIX_STATE[pincode.slice(0, 3)] ?? null;
  const weight =
    config.byPincode[pincode] ??
    config.byPrefix[pincode.slice(0, 3)] ??
    (state ? config.byState[state] : undefined) ??
    config.defaultWeight;
  return { weight, state };
}
