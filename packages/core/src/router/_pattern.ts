/** One segment of a route pattern. */
// @ts-nocheck
function stryNS_9fa48() {
  var g = typeof globalThis === 'object' && globalThis && globalThis.Math === Math && globalThis || new Function("return this")();
  var ns = g.__stryker__ || (g.__stryker__ = {});
  if (ns.activeMutant === undefined && g.process && g.process.env && g.process.env.__STRYKER_ACTIVE_MUTANT__) {
    ns.activeMutant = g.process.env.__STRYKER_ACTIVE_MUTANT__;
  }
  function retrieveNS() {
    return ns;
  }
  stryNS_9fa48 = retrieveNS;
  return retrieveNS();
}
stryNS_9fa48();
function stryCov_9fa48() {
  var ns = stryNS_9fa48();
  var cov = ns.mutantCoverage || (ns.mutantCoverage = {
    static: {},
    perTest: {}
  });
  function cover() {
    var c = cov.static;
    if (ns.currentTestId) {
      c = cov.perTest[ns.currentTestId] = cov.perTest[ns.currentTestId] || {};
    }
    var a = arguments;
    for (var i = 0; i < a.length; i++) {
      c[a[i]] = (c[a[i]] || 0) + 1;
    }
  }
  stryCov_9fa48 = cover;
  cover.apply(null, arguments);
}
function stryMutAct_9fa48(id) {
  var ns = stryNS_9fa48();
  function isActive(id) {
    if (ns.activeMutant === id) {
      if (ns.hitCount !== void 0 && ++ns.hitCount > ns.hitLimit) {
        throw new Error('Stryker: Hit count limit reached (' + ns.hitCount + ')');
      }
      return true;
    }
    return false;
  }
  stryMutAct_9fa48 = isActive;
  return isActive(id);
}
export type PatternSegment = {
  readonly type: "static";
  readonly value: string;
} | {
  readonly type: "param";
  readonly name: string;
} | {
  readonly type: "wildcard";
  readonly name: string;
};
const PARAM_NAME = stryMutAct_9fa48("5") ? /^[A-Za-z_$][\W$]*$/ : stryMutAct_9fa48("4") ? /^[A-Za-z_$][^\w$]*$/ : stryMutAct_9fa48("3") ? /^[A-Za-z_$][\w$]$/ : stryMutAct_9fa48("2") ? /^[^A-Za-z_$][\w$]*$/ : stryMutAct_9fa48("1") ? /^[A-Za-z_$][\w$]*/ : stryMutAct_9fa48("0") ? /[A-Za-z_$][\w$]*$/ : (stryCov_9fa48("0", "1", "2", "3", "4", "5"), /^[A-Za-z_$][\w$]*$/);

/** A static segment decoded (unchanged when it has no `%`); runs once per segment when a route is added. */
function decodeStatic(pattern: string, segment: string): string {
  if (stryMutAct_9fa48("6")) {
    {}
  } else {
    stryCov_9fa48("6");
    try {
      if (stryMutAct_9fa48("7")) {
        {}
      } else {
        stryCov_9fa48("7");
        return decodeURIComponent(segment);
      }
    } catch {
      if (stryMutAct_9fa48("8")) {
        {}
      } else {
        stryCov_9fa48("8");
        throw new TypeError(stryMutAct_9fa48("9") ? `` : (stryCov_9fa48("9"), `Route pattern ${JSON.stringify(pattern)}: invalid percent-encoding in ${JSON.stringify(segment)}`));
      }
    }
  }
}

/**
 * Splits a route pattern into segments, rejecting what the router cannot match: a pattern not starting
 * with `/`, a bad or repeated param name, a wildcard before the end. A segment is a param only when it
 * starts with `:` or `*` (`/v1/things:batchGet` is static). Static segments are stored decoded
 * (`/caf%C3%A9` and `/café` are the same route).
 */
export function parsePattern(pattern: string): PatternSegment[] {
  if (stryMutAct_9fa48("10")) {
    {}
  } else {
    stryCov_9fa48("10");
    if (stryMutAct_9fa48("13") ? typeof pattern !== "string" && !pattern.startsWith("/") : stryMutAct_9fa48("12") ? false : stryMutAct_9fa48("11") ? true : (stryCov_9fa48("11", "12", "13"), (stryMutAct_9fa48("15") ? typeof pattern === "string" : stryMutAct_9fa48("14") ? false : (stryCov_9fa48("14", "15"), typeof pattern !== (stryMutAct_9fa48("16") ? "" : (stryCov_9fa48("16"), "string")))) || (stryMutAct_9fa48("17") ? pattern.startsWith("/") : (stryCov_9fa48("17"), !(stryMutAct_9fa48("18") ? pattern.endsWith("/") : (stryCov_9fa48("18"), pattern.startsWith(stryMutAct_9fa48("19") ? "" : (stryCov_9fa48("19"), "/")))))))) {
      if (stryMutAct_9fa48("20")) {
        {}
      } else {
        stryCov_9fa48("20");
        throw new TypeError(stryMutAct_9fa48("21") ? `` : (stryCov_9fa48("21"), `Route pattern must be a string starting with "/", got ${JSON.stringify(pattern)}`));
      }
    }
    if (stryMutAct_9fa48("24") ? pattern.includes("?") && pattern.includes("#") : stryMutAct_9fa48("23") ? false : stryMutAct_9fa48("22") ? true : (stryCov_9fa48("22", "23", "24"), pattern.includes(stryMutAct_9fa48("25") ? "" : (stryCov_9fa48("25"), "?")) || pattern.includes(stryMutAct_9fa48("26") ? "" : (stryCov_9fa48("26"), "#")))) {
      if (stryMutAct_9fa48("27")) {
        {}
      } else {
        stryCov_9fa48("27");
        throw new TypeError(stryMutAct_9fa48("28") ? `` : (stryCov_9fa48("28"), `Route pattern ${JSON.stringify(pattern)}: a pattern matches the path only, without "?" or "#"`));
      }
    }
    const parts = stryMutAct_9fa48("29") ? pattern.split("/") : (stryCov_9fa48("29"), pattern.slice(1).split(stryMutAct_9fa48("30") ? "" : (stryCov_9fa48("30"), "/")));
    const names = new Set<string>();
    return parts.map((part, index): PatternSegment => {
      if (stryMutAct_9fa48("31")) {
        {}
      } else {
        stryCov_9fa48("31");
        const first = part[0];
        if (stryMutAct_9fa48("34") ? first === ":" && first === "*" : stryMutAct_9fa48("33") ? false : stryMutAct_9fa48("32") ? true : (stryCov_9fa48("32", "33", "34"), (stryMutAct_9fa48("36") ? first !== ":" : stryMutAct_9fa48("35") ? false : (stryCov_9fa48("35", "36"), first === (stryMutAct_9fa48("37") ? "" : (stryCov_9fa48("37"), ":")))) || (stryMutAct_9fa48("39") ? first !== "*" : stryMutAct_9fa48("38") ? false : (stryCov_9fa48("38", "39"), first === (stryMutAct_9fa48("40") ? "" : (stryCov_9fa48("40"), "*")))))) {
          if (stryMutAct_9fa48("41")) {
            {}
          } else {
            stryCov_9fa48("41");
            const bare = stryMutAct_9fa48("44") ? part !== "*" : stryMutAct_9fa48("43") ? false : stryMutAct_9fa48("42") ? true : (stryCov_9fa48("42", "43", "44"), part === (stryMutAct_9fa48("45") ? "" : (stryCov_9fa48("45"), "*")));
            const name = bare ? stryMutAct_9fa48("46") ? "" : (stryCov_9fa48("46"), "*") : stryMutAct_9fa48("47") ? part : (stryCov_9fa48("47"), part.slice(1));
            if (stryMutAct_9fa48("50") ? !bare || !PARAM_NAME.test(name) || name === "__proto__" : stryMutAct_9fa48("49") ? false : stryMutAct_9fa48("48") ? true : (stryCov_9fa48("48", "49", "50"), (stryMutAct_9fa48("51") ? bare : (stryCov_9fa48("51"), !bare)) && (stryMutAct_9fa48("53") ? !PARAM_NAME.test(name) && name === "__proto__" : stryMutAct_9fa48("52") ? true : (stryCov_9fa48("52", "53"), (stryMutAct_9fa48("54") ? PARAM_NAME.test(name) : (stryCov_9fa48("54"), !PARAM_NAME.test(name))) || (stryMutAct_9fa48("56") ? name !== "__proto__" : stryMutAct_9fa48("55") ? false : (stryCov_9fa48("55", "56"), name === (stryMutAct_9fa48("57") ? "" : (stryCov_9fa48("57"), "__proto__")))))))) {
              if (stryMutAct_9fa48("58")) {
                {}
              } else {
                stryCov_9fa48("58");
                throw new TypeError(stryMutAct_9fa48("59") ? `` : (stryCov_9fa48("59"), `Route pattern ${JSON.stringify(pattern)}: ${JSON.stringify(part)} is not a valid param name (letters, digits, _ or $)`));
              }
            }
            if (stryMutAct_9fa48("61") ? false : stryMutAct_9fa48("60") ? true : (stryCov_9fa48("60", "61"), names.has(name))) throw new TypeError(stryMutAct_9fa48("62") ? `` : (stryCov_9fa48("62"), `Route pattern ${JSON.stringify(pattern)}: param ${JSON.stringify(name)} appears twice`));
            names.add(name);
            if (stryMutAct_9fa48("65") ? first !== ":" : stryMutAct_9fa48("64") ? false : stryMutAct_9fa48("63") ? true : (stryCov_9fa48("63", "64", "65"), first === (stryMutAct_9fa48("66") ? "" : (stryCov_9fa48("66"), ":")))) return stryMutAct_9fa48("67") ? {} : (stryCov_9fa48("67"), {
              type: stryMutAct_9fa48("68") ? "" : (stryCov_9fa48("68"), "param"),
              name
            });
            if (stryMutAct_9fa48("71") ? index === parts.length - 1 : stryMutAct_9fa48("70") ? false : stryMutAct_9fa48("69") ? true : (stryCov_9fa48("69", "70", "71"), index !== (stryMutAct_9fa48("72") ? parts.length + 1 : (stryCov_9fa48("72"), parts.length - 1)))) throw new TypeError(stryMutAct_9fa48("73") ? `` : (stryCov_9fa48("73"), `Route pattern ${JSON.stringify(pattern)}: a wildcard must be the last segment`));
            return stryMutAct_9fa48("74") ? {} : (stryCov_9fa48("74"), {
              type: stryMutAct_9fa48("75") ? "" : (stryCov_9fa48("75"), "wildcard"),
              name
            });
          }
        }
        return stryMutAct_9fa48("76") ? {} : (stryCov_9fa48("76"), {
          type: stryMutAct_9fa48("77") ? "" : (stryCov_9fa48("77"), "static"),
          value: decodeStatic(pattern, part)
        });
      }
    });
  }
}

/** Joins a mount prefix (static, no trailing slash) and a pattern: `/api` + `/` is `/api`, `/api` + `/todos` is `/api/todos`. */
export function joinPrefix(prefix: string, pattern: string): string {
  if (stryMutAct_9fa48("78")) {
    {}
  } else {
    stryCov_9fa48("78");
    return (stryMutAct_9fa48("81") ? pattern !== "/" : stryMutAct_9fa48("80") ? false : stryMutAct_9fa48("79") ? true : (stryCov_9fa48("79", "80", "81"), pattern === (stryMutAct_9fa48("82") ? "" : (stryCov_9fa48("82"), "/")))) ? prefix : stryMutAct_9fa48("83") ? prefix - pattern : (stryCov_9fa48("83"), prefix + pattern);
  }
}

/** Checks a mount prefix: `/api`, `/api/v1`; not `/`, not ending with `/`, no params or wildcards. */
export function assertPrefix(prefix: string): void {
  if (stryMutAct_9fa48("84")) {
    {}
  } else {
    stryCov_9fa48("84");
    if (stryMutAct_9fa48("87") ? (typeof prefix !== "string" || !prefix.startsWith("/")) && prefix.endsWith("/") : stryMutAct_9fa48("86") ? false : stryMutAct_9fa48("85") ? true : (stryCov_9fa48("85", "86", "87"), (stryMutAct_9fa48("89") ? typeof prefix !== "string" && !prefix.startsWith("/") : stryMutAct_9fa48("88") ? false : (stryCov_9fa48("88", "89"), (stryMutAct_9fa48("91") ? typeof prefix === "string" : stryMutAct_9fa48("90") ? false : (stryCov_9fa48("90", "91"), typeof prefix !== (stryMutAct_9fa48("92") ? "" : (stryCov_9fa48("92"), "string")))) || (stryMutAct_9fa48("93") ? prefix.startsWith("/") : (stryCov_9fa48("93"), !(stryMutAct_9fa48("94") ? prefix.endsWith("/") : (stryCov_9fa48("94"), prefix.startsWith(stryMutAct_9fa48("95") ? "" : (stryCov_9fa48("95"), "/")))))))) || (stryMutAct_9fa48("96") ? prefix.startsWith("/") : (stryCov_9fa48("96"), prefix.endsWith(stryMutAct_9fa48("97") ? "" : (stryCov_9fa48("97"), "/")))))) {
      if (stryMutAct_9fa48("98")) {
        {}
      } else {
        stryCov_9fa48("98");
        throw new TypeError(stryMutAct_9fa48("99") ? `` : (stryCov_9fa48("99"), `mount() prefix must start with "/" and not end with "/" (e.g. "/api"), got ${JSON.stringify(prefix)}`));
      }
    }
    for (const segment of parsePattern(prefix)) {
      if (stryMutAct_9fa48("100")) {
        {}
      } else {
        stryCov_9fa48("100");
        if (stryMutAct_9fa48("103") ? segment.type === "static" : stryMutAct_9fa48("102") ? false : stryMutAct_9fa48("101") ? true : (stryCov_9fa48("101", "102", "103"), segment.type !== (stryMutAct_9fa48("104") ? "" : (stryCov_9fa48("104"), "static")))) throw new TypeError(stryMutAct_9fa48("105") ? `` : (stryCov_9fa48("105"), `mount() prefix must be static, got ${JSON.stringify(prefix)}`));
      }
    }
  }
}