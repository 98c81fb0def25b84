/** DTDL vocabulary and limits for v2 and v3 (the DTDL v2 and v3 specs with QuantitativeTypes v1: https://github.com/Azure/opendigitaltwins-dtdl/tree/master/DTDL). */
import type { DtdlVersion } from './types';

export const DTDL_CONTEXT: Record<DtdlVersion, string> = { 2: 'dtmi:dtdl:context;2', 3: 'dtmi:dtdl:context;3' };

/** Extension contexts usable after the DTDL v3 context; the value names the adjunct types each one defines. */
export const V3_EXTENSIONS: Record<string, readonly string[]> = {
  'dtmi:dtdl:extension:quantitativeTypes;1': [], // semantic types, listed in SEMANTIC_UNIT_TYPE
  'dtmi:dtdl:extension:historization;1': ['Historized'],
  'dtmi:dtdl:extension:annotation;1': ['ValueAnnotation'],
  'dtmi:dtdl:extension:overriding;1': ['Override'],
  'dtmi:dtdl:extension:streaming;1': ['Streamed'],
  'dtmi:dtdl:extension:requirement;1': ['Required'],
  'dtmi:dtdl:extension:mqtt;1': ['Mqtt'],
  'dtmi:dtdl:extension:mqtt;2': ['Mqtt'],
};
export const QUANTITATIVE_TYPES_CONTEXT = 'dtmi:dtdl:extension:quantitativeTypes;1';

/** Extra properties an adjunct type brings to the element it co-types. */
export const ADJUNCT_PROPERTIES: Record<string, readonly string[]> = {
  ValueAnnotation: ['annotates'],
  Override: ['overrides'],
  Mqtt: ['telemetryTopic', 'commandTopic', 'payloadFormat', 'telemetryServiceGroupId', 'commandServiceGroupId'],
};

export const PRIMITIVE_SCHEMAS = new Set([
  'boolean', 'date', 'dateTime', 'double', 'duration', 'float', 'integer', 'long', 'string', 'time',
]);
export const NUMERIC_SCHEMAS = new Set(['double', 'float', 'integer', 'long']);
/** Geospatial schemas are GeoJSON arrays underneath, which is why DTDL v2 forbids them in Properties. */
export const GEOSPATIAL_SCHEMAS = new Set(['point', 'lineString', 'polygon', 'multiPoint', 'multiLineString', 'multiPolygon']);
const GEOSPATIAL_IRI = /^dtmi:standard:schema:geospatial:(point|lineString|polygon|multiPoint|multiLineString|multiPolygon);[23]$/;

/** Maps a schema term or standard IRI to its primitive name, if it is one. */
export function primitiveSchemaName(term: string): string | undefined {
  if (PRIMITIVE_SCHEMAS.has(term) || GEOSPATIAL_SCHEMAS.has(term)) return term;
  const m = GEOSPATIAL_IRI.exec(term);
  return m?.[1];
}

export const COMPLEX_SCHEMA_TYPES = new Set(['Array', 'Enum', 'Map', 'Object']);
export const CONTENT_TYPES = new Set(['Property', 'Telemetry', 'Relationship', 'Component', 'Command']);
/** Every class name of the DTDL metamodel: using one as a co-type in the wrong place is an error, not an undefined co-type. */
export const DTDL_CLASSES = new Set([
  'Interface', 'Property', 'Telemetry', 'Relationship', 'Component', 'Command', 'CommandPayload', 'CommandRequest',
  'CommandResponse', 'Array', 'Enum', 'EnumValue', 'Map', 'MapKey', 'MapValue', 'Object', 'Field', 'Schema',
  'ComplexSchema', 'PrimitiveSchema', 'Content', 'Entity', 'NamedEntity', 'Unit', 'SemanticType',
]);

const UNITS: Record<string, readonly string[]> = {
  AccelerationUnit: ['centimetrePerSecondSquared', 'gForce', 'metrePerSecondSquared'],
  AngleUnit: ['degreeOfArc', 'minuteOfArc', 'radian', 'secondOfArc', 'turn'],
  AngularAccelerationUnit: ['radianPerSecondSquared'],
  AngularVelocityUnit: ['degreePerSecond', 'radianPerSecond', 'revolutionPerMinute', 'revolutionPerSecond'],
  ApparentEnergyUnit: ['gigavoltAmpereHour', 'kilovoltAmpereHour', 'megavoltAmpereHour', 'voltAmpereHour'],
  ApparentPowerUnit: ['gigavoltAmpere', 'kilovoltAmpere', 'megavoltAmpere', 'millivoltAmpere', 'voltAmpere'],
  AreaUnit: ['acre', 'hectare', 'squareCentimetre', 'squareFoot', 'squareInch', 'squareKilometre', 'squareMetre', 'squareMillimetre'],
  CapacitanceUnit: ['farad', 'microfarad', 'millifarad', 'nanofarad', 'picofarad'],
  Unitless: ['partsPerBillion', 'partsPerMillion', 'partsPerQuadrillion', 'partsPerTrillion', 'percent', 'unity'],
  CurrentUnit: ['ampere', 'kiloampere', 'microampere', 'milliampere'],
  DataRateUnit: [
    'bitPerSecond', 'bytePerSecond', 'exbibitPerSecond', 'exbibytePerSecond', 'gibibitPerSecond', 'gibibytePerSecond',
    'kibibitPerSecond', 'kibibytePerSecond', 'mebibitPerSecond', 'mebibytePerSecond', 'tebibitPerSecond',
    'tebibytePerSecond', 'yobibitPerSecond', 'yobibytePerSecond', 'zebibitPerSecond', 'zebibytePerSecond',
  ],
  DataSizeUnit: [
    'bit', 'byte', 'exbibit', 'exbibyte', 'gibibit', 'gibibyte', 'kibibit', 'kibibyte', 'mebibit', 'mebibyte',
    'tebibit', 'tebibyte', 'yobibit', 'yobibyte', 'zebibit', 'zebibyte',
  ],
  DensityUnit: ['gramPerCubicMetre', 'kilogramPerCubicMetre', 'microgramPerCubicMetre', 'milligramPerCubicMetre'],
  LengthUnit: [
    'astronomicalUnit', 'centimetre', 'foot', 'inch', 'kilometre', 'metre', 'micrometre', 'mile', 'millimetre',
    'nanometre', 'nauticalMile',
  ],
  ChargeUnit: ['ampereHour', 'coulomb', 'milliampereHour'],
  EnergyUnit: [
    'britishThermalUnit', 'electronvolt', 'gigajoule', 'gigawattHour', 'joule', 'kiloBritishThermalUnit', 'kilojoule',
    'kilowattHour', 'megaelectronvolt', 'megajoule', 'megawattHour', 'milliwattHour', 'terawattHour', 'wattHour',
  ],
  PowerUnit: [
    'britishThermalUnitPerHour', 'gigajoulePerHour', 'gigawatt', 'horsepower', 'joulePerHour', 'joulePerSecond',
    'kiloBritishThermalUnitPerHour', 'kilojoulePerHour', 'kilojoulePerSecond', 'kilowatt', 'kilowattHourPerYear',
    'megajoulePerHour', 'megawatt', 'microwatt', 'milliwatt', 'tonOfRefrigeration', 'watt',
  ],
  ForceUnit: ['newton', 'ounce', 'pound', 'ton'],
  FrequencyUnit: ['gigahertz', 'hertz', 'kilohertz', 'megahertz', 'millihertz'],
  IlluminanceUnit: ['footcandle', 'lux'],
  InductanceUnit: ['henry', 'microhenry', 'millihenry'],
  IonizingRadiationDoseUnit: ['gray', 'microgray', 'microsievert', 'milligray', 'millisievert', 'sievert'],
  IrradianceUnit: ['wattPerSquareMetre'],
  LuminanceUnit: ['candelaPerSquareMetre'],
  LuminousFluxUnit: ['lumen'],
  LuminousIntensityUnit: ['candela'],
  MagneticFluxUnit: ['maxwell', 'weber'],
  MagneticInductionUnit: ['gauss', 'tesla'],
  MassUnit: ['gram', 'kilogram', 'massPound', 'microgram', 'milligram', 'slug', 'tonne'],
  MassFlowRateUnit: ['gramPerHour', 'gramPerSecond', 'kilogramPerHour', 'kilogramPerSecond', 'massPoundPerHour'],
  PressureUnit: [
    'bar', 'decapascal', 'hectopascal', 'inchesOfMercury', 'inchesOfWater', 'kilopascal', 'millibar',
    'millimetresOfMercury', 'pascal', 'poundPerSquareInch',
  ],
  RadioactivityUnit: ['becquerel', 'gigabecquerel', 'kilobecquerel', 'megabecquerel'],
  ReactiveEnergyUnit: ['gigavoltAmpereReactiveHour', 'kilovoltAmpereReactiveHour', 'megavoltAmpereReactiveHour', 'voltAmpereReactiveHour'],
  ReactivePowerUnit: ['gigavoltAmpereReactive', 'kilovoltAmpereReactive', 'megavoltAmpereReactive', 'millivoltAmpereReactive', 'voltAmpereReactive'],
  ResistanceUnit: ['kiloohm', 'megaohm', 'milliohm', 'ohm'],
  SoundPressureUnit: ['bel', 'decibel'],
  TemperatureUnit: ['degreeCelsius', 'degreeFahrenheit', 'kelvin'],
  TimeUnit: ['day', 'hour', 'microsecond', 'millisecond', 'minute', 'nanosecond', 'second', 'year'],
  TorqueUnit: ['newtonMetre'],
  VelocityUnit: [
    'centimetrePerSecond', 'kilometrePerHour', 'kilometrePerSecond', 'knot', 'metrePerHour', 'metrePerSecond',
    'milePerHour', 'milePerSecond',
  ],
  VoltageUnit: ['kilovolt', 'megavolt', 'microvolt', 'millivolt', 'volt'],
  VolumeUnit: ['cubicCentimetre', 'cubicFoot', 'cubicInch', 'cubicMetre', 'fluidOunce', 'gallon', 'litre', 'millilitre'],
  VolumeFlowRateUnit: [
    'cubicFootPerMinute', 'cubicMetrePerHour', 'cubicMetrePerMinute', 'cubicMetrePerSecond', 'gallonPerHour',
    'gallonPerMinute', 'litrePerHour', 'litrePerMinute', 'litrePerSecond', 'millilitrePerHour', 'millilitrePerMinute',
    'millilitrePerSecond',
  ],
};

/** Semantic type -> unit type (QuantitativeTypes v1 table; DTDL v2 has the same names natively). */
export const SEMANTIC_UNIT_TYPE: Record<string, string> = {
  Acceleration: 'AccelerationUnit', Angle: 'AngleUnit', AngularAcceleration: 'AngularAccelerationUnit',
  AngularVelocity: 'AngularVelocityUnit', ApparentEnergy: 'ApparentEnergyUnit', ApparentPower: 'ApparentPowerUnit',
  Area: 'AreaUnit', Capacitance: 'CapacitanceUnit', Concentration: 'Unitless', Current: 'CurrentUnit',
  DataRate: 'DataRateUnit', DataSize: 'DataSizeUnit', Density: 'DensityUnit', Distance: 'LengthUnit',
  ElectricCharge: 'ChargeUnit', Energy: 'EnergyUnit', EnergyRate: 'PowerUnit', Force: 'ForceUnit',
  Frequency: 'FrequencyUnit', Humidity: 'DensityUnit', Illuminance: 'IlluminanceUnit', Inductance: 'InductanceUnit',
  IonizingRadiationDose: 'IonizingRadiationDoseUnit', Irradiance: 'IrradianceUnit', Latitude: 'AngleUnit',
  Length: 'LengthUnit', Longitude: 'AngleUnit', Luminance: 'LuminanceUnit', Luminosity: 'PowerUnit',
  LuminousFlux: 'LuminousFluxUnit', LuminousIntensity: 'LuminousIntensityUnit', MagneticFlux: 'MagneticFluxUnit',
  MagneticInduction: 'MagneticInductionUnit', Mass: 'MassUnit', MassFlowRate: 'MassFlowRateUnit', Power: 'PowerUnit',
  Pressure: 'PressureUnit', Radioactivity: 'RadioactivityUnit', ReactiveEnergy: 'ReactiveEnergyUnit',
  ReactivePower: 'ReactivePowerUnit', RelativeDensity: 'Unitless', RelativeHumidity: 'Unitless',
  Resistance: 'ResistanceUnit', SoundPressure: 'SoundPressureUnit', Temperature: 'TemperatureUnit',
  Thrust: 'ForceUnit', TimeSpan: 'TimeUnit', Torque: 'TorqueUnit', Velocity: 'VelocityUnit', Voltage: 'VoltageUnit',
  Volume: 'VolumeUnit', VolumeFlowRate: 'VolumeFlowRateUnit',
};

export function unitsOfSemanticType(semanticType: string): readonly string[] | undefined {
  const unitType = SEMANTIC_UNIT_TYPE[semanticType];
  return unitType ? UNITS[unitType] : undefined;
}

export interface VersionLimits {
  nameLength: number;
  displayNameLength: number;
  descriptionLength: number;
  commentLength: number;
  /** Interface contents including inherited ones. */
  maxContents: number | undefined;
  maxExtendsPerInterface: number | undefined;
  maxInterfacesInHierarchy: number | undefined;
  maxExtendsDepth: number;
  maxRelationshipProperties: number | undefined;
  maxEnumValues: number | undefined;
  minEnumValues: number;
  maxObjectFields: number | undefined;
  minObjectFields: number;
  maxMultiplicity: number | undefined;
  maxSchemaDepth: number;
  arraysInProperties: boolean;
}

export const LIMITS: Record<DtdlVersion, VersionLimits> = {
  2: {
    nameLength: 64, displayNameLength: 64, descriptionLength: 512, commentLength: 512,
    maxContents: 300, maxExtendsPerInterface: 2, maxInterfacesInHierarchy: undefined, maxExtendsDepth: 10,
    maxRelationshipProperties: 300, maxEnumValues: 100, minEnumValues: 1, maxObjectFields: 30, minObjectFields: 1,
    maxMultiplicity: 500, maxSchemaDepth: 5, arraysInProperties: false,
  },
  3: {
    nameLength: 512, displayNameLength: 512, descriptionLength: 512, commentLength: 512,
    maxContents: undefined, maxExtendsPerInterface: undefined, maxInterfacesInHierarchy: 1024, maxExtendsDepth: 10,
    maxRelationshipProperties: undefined, maxEnumValues: undefined, minEnumValues: 0, maxObjectFields: undefined,
    minObjectFields: 0, maxMultiplicity: undefined, maxSchemaDepth: 5, arraysInProperties: true,
  },
};

export const NAME_RE = /^[A-Za-z](?:[A-Za-z0-9_]*[A-Za-z0-9])?$/;
