/**
 * How workflow and activity values become Temporal payloads and back. A {@link DataConverter} asks
 * its {@link PayloadConverter}s in order (by default null, bytes, protobuf and Jackson JSON) and
 * can be followed by {@link PayloadCodec}s, such as encryption or compression, before payloads
 * leave the process. Encodings and metadata keys are those of every Temporal SDK, so payloads
 * interoperate.
 */
package dev.aevum.sdk.converter;
