import type { Attribute, Declaration, Span, Value } from '../syntax/ast.js';
import { closest } from '../text.js';
import { hasEquals } from './edits.js';
import type { Finding, Fix, SourceFile } from './findings.js';
import type { AttributeSpec, ValueType } from './schema.js';
import { dimensionWords, exampleUnits, units, unitsOf } from './units.js';

/** A reference as written, resolved once every declaration is known. */
export interface Reference {
  name: string;
  span: Span;
  glob: boolean;
}

export type Interpreted = number | string | boolean | [number, number] | Reference[] | string[] | 'anycast';

/** The value `none` (no limit) of max-rounds, max-data and stream-window (spec §10). */
export const NONE = 'none';

/** Reads attribute values against their type, reporting VMM003 (type, unit) and VMM008 (range). */
export class ValueReader {
  constructor(
    private readonly file: SourceFile,
    private readonly findings: Finding[],
  ) {}

  private report(code: string, declaration: Declaration, span: Span, message: string, fixes?: Fix[]): void {
    this.findings.push({ code, file: this.file, span, message, declaration, fixes });
  }

  /** The attribute being read: the one every fix built meanwhile is about. */
  private attribute?: Attribute;

  private replace(span: Span, newText: string): Fix['edits'] {
    const attribute = this.attribute;
    // `sites "m"`, its `=` missing (recovery read the value anyway): the fix writes it too, or the
    // new value (unquoted, a name) would be read as the next attribute.
    if (attribute && attribute.values[0]?.span.start === span.start && !hasEquals(this.file, attribute)) {
      const between = this.file.text.slice(attribute.nameSpan.end, span.start);
      return [{ file: this.file.path, span: { start: attribute.nameSpan.end, end: span.end }, newText: ` =${between}${newText}` }];
    }
    return [{ file: this.file.path, span, newText }];
  }

  read(declaration: Declaration, attribute: Attribute, spec: AttributeSpec): Interpreted | undefined {
    this.attribute = attribute;
    const type = spec.type;
    const values = attribute.values;
    if (values.length === 0) return undefined; // a half-typed attribute: the syntax error says it
    if (type.kind === 'location') return this.location(declaration, attribute);
    if (type.kind === 'reference') return this.references(declaration, attribute, type);
    if (type.kind === 'enum' && type.list) return this.enumList(declaration, attribute, type.values);
    if ((type.kind === 'quantity' || type.kind === 'integer') && type.none && values.length === 1 && values[0].kind === 'ident' && values[0].text === NONE) {
      return NONE;
    }
    if (values.length > 1) {
      const extra: Span = { start: values[1].span.start, end: values[values.length - 1].span.end };
      this.report('VMM003', declaration, extra, `${attribute.name} takes one value, found ${values.length}`);
      return undefined;
    }
    const value = values[0];
    switch (type.kind) {
      case 'quantity':
        return this.quantity(declaration, attribute, value, type);
      case 'integer':
        return this.integer(declaration, attribute, value, type.min);
      case 'string':
        if (value.kind === 'string') return value.value;
        this.report('VMM003', declaration, value.span, `${attribute.name} needs a string in quotes, found '${value.text}'`, [
          { title: `Quote it: "${value.text}"`, edits: this.replace(value.span, JSON.stringify(value.text)) },
        ]);
        return undefined;
      case 'boolean':
        if (value.kind === 'ident' && (value.text === 'true' || value.text === 'false')) return value.text === 'true';
        this.report('VMM003', declaration, value.span, `${attribute.name} needs true or false, found '${value.text}'`, this.unquote(value, ['true', 'false']));
        return undefined;
      case 'enum':
        return this.enumValue(declaration, attribute, value, type.values);
    }
  }

  private enumValue(declaration: Declaration, attribute: Attribute, value: Value, allowed: readonly string[]): string | undefined {
    if (value.kind === 'ident' && allowed.includes(value.text)) return value.text;
    const suggestion = closest(value.text, allowed);
    // A long list (the CPU baselines) is named by its ends, not printed whole.
    const expected = allowed.length > 8 ? `one of ${allowed.slice(0, 2).join(', ')} … ${allowed[allowed.length - 1]}` : `one of ${allowed.join(', ')}`;
    this.report(
      'VMM003',
      declaration,
      value.span,
      `unknown ${attribute.name} '${value.text}': expected ${expected}`,
      suggestion ? [{ title: `Change to '${suggestion}'`, edits: this.replace(value.span, suggestion), preferred: true }] : undefined,
    );
    return undefined;
  }

  /** A list of enum values (devices): each one checked; the valid ones are kept. */
  private enumList(declaration: Declaration, attribute: Attribute, allowed: readonly string[]): string[] {
    const found: string[] = [];
    for (const value of attribute.values) {
      const read = this.enumValue(declaration, attribute, value, allowed);
      if (read !== undefined && !found.includes(read)) found.push(read);
    }
    return found;
  }

  /** `"dc-a"` where a name is meant: offer the name without its quotes, when it is one. */
  private unquote(value: Value, only?: string[]): Fix[] | undefined {
    if (value.kind !== 'string' || !/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(value.value)) return undefined;
    if (only && !only.includes(value.value)) return undefined;
    return [{ title: `Remove the quotes: ${value.value}`, edits: this.replace(value.span, value.value), preferred: true }];
  }

  private quantity(declaration: Declaration, attribute: Attribute, value: Value, type: Extract<ValueType, { kind: 'quantity' }>): number | undefined {
    const { dimension, bareUnit } = type;
    const needs = `${attribute.name} needs ${dimensionWords[dimension]}`;
    if (value.kind === 'number') {
      // A bare zero is the same in every unit; any other bare number is ambiguous.
      if (value.number === 0 && dimension !== 'rate' && dimension !== 'ratio') return 0;
      // `share = 0.5` may mean 50% as well as 0.5%: the unit is added only where the reading is clear.
      const clear = bareUnit !== undefined && (dimension !== 'ratio' || value.number > 1);
      const fixes = clear
        ? [{ title: `Add the unit: ${value.text}${bareUnit}`, edits: this.replace(value.span, value.text + bareUnit), preferred: true }]
        : undefined;
      this.report('VMM003', declaration, value.span, `missing unit: ${needs} (${exampleUnits[dimension]})`, fixes);
      return undefined;
    }
    if (value.kind !== 'quantity') {
      this.report('VMM003', declaration, value.span, `${needs} (${exampleUnits[dimension]}), found '${value.text}'`);
      return undefined;
    }
    const unit = units.get(value.unit);
    if (!unit) {
      // Only a unit of the right dimension can remove the error: `10Gb` on a rate means Gbps, on a size GB.
      const candidates = unitsOf(dimension);
      const extensions = candidates.filter((u) => u.startsWith(value.unit));
      const suggestion = extensions.length > 0 ? (extensions.length === 1 ? extensions[0] : undefined) : closest(value.unit, candidates);
      this.report(
        'VMM003',
        declaration,
        value.span,
        `unknown unit '${value.unit}': ${needs} (${exampleUnits[dimension]})`,
        suggestion
          ? [{ title: `Change the unit to ${suggestion}`, edits: this.replace(value.span, numberText(value) + suggestion), preferred: true }]
          : undefined,
      );
      return undefined;
    }
    if (unit.dimension !== dimension) {
      if (dimension === 'distance' && value.unit === 'm') {
        this.report('VMM003', declaration, value.span, `m means minutes; use km: ${needs}`, [
          { title: `Change to ${numberText(value)}km`, edits: this.replace(value.span, numberText(value) + 'km'), preferred: true },
        ]);
        return undefined;
      }
      const fixes: Fix[] = [];
      if (dimension === 'rate' && unit.dimension === 'size') {
        fixes.push({
          title: `Change to ${numberText(value)}${value.unit}/s`,
          edits: this.replace(value.span, `${numberText(value)}${value.unit}/s`),
          preferred: true,
        });
      }
      if (dimension === 'size' && unit.dimension === 'rate' && value.unit.endsWith('/s')) {
        const size = value.unit.slice(0, -2);
        fixes.push({ title: `Change to ${numberText(value)}${size}`, edits: this.replace(value.span, `${numberText(value)}${size}`), preferred: true });
      }
      this.report(
        'VMM003',
        declaration,
        value.span,
        `wrong unit: ${needs} (${exampleUnits[dimension]}), found ${dimensionWords[unit.dimension]} (${value.unit})`,
        fixes,
      );
      return undefined;
    }
    if (value.spaced) {
      this.report('VMM003', declaration, value.span, `remove the space between ${numberText(value)} and ${value.unit}`, [
        { title: `Write ${numberText(value)}${value.unit}`, edits: this.replace(value.span, numberText(value) + value.unit), preferred: true },
      ]);
      return undefined;
    }
    const canonical = value.number * unit.factor;
    // Hundreds of digits overflow a double: Infinity would pass the range checks and spread into the estimates.
    if (!Number.isFinite(canonical)) {
      return this.tooLarge(declaration, attribute, value);
    }
    if (dimension === 'rate' && !(canonical > 0)) {
      this.report('VMM008', declaration, value.span, `${attribute.name} must be greater than 0, found ${value.text}`);
      return undefined;
    }
    if (dimension === 'ratio' && type.unbounded && !(canonical > 0)) {
      this.report('VMM008', declaration, value.span, `${attribute.name} must be more than 0%, found ${value.text}`);
      return undefined;
    }
    if (dimension === 'ratio' && !type.unbounded && !(canonical > 0 && canonical <= 1)) {
      this.report('VMM008', declaration, value.span, `${attribute.name} must be more than 0% and at most 100%, found ${value.text}`);
      return undefined;
    }
    if (type.positive && !(canonical > 0)) {
      this.report('VMM008', declaration, value.span, `${attribute.name} must be greater than 0, found ${value.text}`);
      return undefined;
    }
    if (canonical < 0) {
      this.report('VMM008', declaration, value.span, `${attribute.name} cannot be negative, found ${value.text}`);
      return undefined;
    }
    return canonical;
  }

  private tooLarge(declaration: Declaration, attribute: Attribute, value: Value): undefined {
    const shown = value.text.length > 20 ? `${value.text.slice(0, 20)}…` : value.text;
    this.report('VMM008', declaration, value.span, `${attribute.name} is too large a number, found ${shown}`);
    return undefined;
  }

  private integer(declaration: Declaration, attribute: Attribute, value: Value, min: number): number | undefined {
    if (value.kind === 'quantity') {
      // Without its unit `1.5ms` would still be no integer: the fix is offered for whole numbers only.
      const whole = /^-?[0-9]+$/.test(numberText(value));
      this.report(
        'VMM003',
        declaration,
        value.span,
        `${attribute.name} is a plain integer, without a unit: found '${value.text}'`,
        whole ? [{ title: `Remove the unit: ${numberText(value)}`, edits: this.replace(value.span, numberText(value)), preferred: true }] : undefined,
      );
      return undefined;
    }
    if (value.kind !== 'number') {
      this.report('VMM003', declaration, value.span, `${attribute.name} needs an integer, found '${value.text}'`);
      return undefined;
    }
    if (!Number.isFinite(value.number)) {
      return this.tooLarge(declaration, attribute, value);
    }
    if (!Number.isInteger(value.number) || value.text.includes('.')) {
      this.report('VMM003', declaration, value.span, `${attribute.name} needs an integer, found the fraction ${value.text}`);
      return undefined;
    }
    if (attribute.name === 'mtu' && (value.number < 576 || value.number > 65535)) {
      this.report('VMM008', declaration, value.span, `mtu must be between 576 and 65535, found ${value.text}`);
      return undefined;
    }
    if (value.number < min) {
      this.report('VMM008', declaration, value.span, `${attribute.name} must be at least ${min}, found ${value.text}`);
      return undefined;
    }
    return value.number;
  }

  private location(declaration: Declaration, attribute: Attribute): [number, number] | undefined {
    const values = attribute.values;
    if (values.length !== 2 || values.some((v) => v.kind !== 'number')) {
      const span: Span = { start: values[0].span.start, end: values[values.length - 1].span.end };
      this.report('VMM003', declaration, span, `location needs two numbers, latitude and longitude in degrees (location = 48.85, 2.35)`);
      return undefined;
    }
    const [lat, lon] = values.map((v) => (v as { number: number }).number);
    const latitudeOk = Math.abs(lat) <= 90;
    const longitudeOk = Math.abs(lon) <= 180;
    if (!latitudeOk) this.report('VMM008', declaration, values[0].span, `latitude must be between -90 and 90, found ${values[0].text}`);
    if (!longitudeOk) this.report('VMM008', declaration, values[1].span, `longitude must be between -180 and 180, found ${values[1].text}`);
    return latitudeOk && longitudeOk ? [lat, lon] : undefined;
  }

  private references(declaration: Declaration, attribute: Attribute, type: Extract<ValueType, { kind: 'reference' }>): Reference[] | 'anycast' | undefined {
    const values = attribute.values;
    if (type.words && values.length === 1 && values[0].kind === 'ident' && type.words.includes(values[0].text)) return 'anycast';
    if (!type.list && values.length > 1) {
      const extra: Span = { start: values[1].span.start, end: values[values.length - 1].span.end };
      this.report('VMM003', declaration, extra, `${attribute.name} takes one name, found ${values.length}`);
      return undefined;
    }
    const references: Reference[] = [];
    for (const value of values) {
      if (value.kind === 'ident') references.push({ name: value.text, span: value.span, glob: false });
      else if (value.kind === 'glob' && type.globs) references.push({ name: value.text, span: value.span, glob: true });
      else if (value.kind === 'glob') this.report('VMM003', declaration, value.span, `${attribute.name} takes names, not globs: found '${value.text}'`);
      else this.report('VMM003', declaration, value.span, `${attribute.name} needs a name, found '${value.text}'`, this.unquote(value));
    }
    return references;
  }
}

function numberText(value: Value): string {
  return value.kind === 'quantity' ? value.text.slice(0, value.text.length - value.unit.length).trimEnd() : value.text;
}
