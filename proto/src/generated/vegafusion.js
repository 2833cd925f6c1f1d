/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
import $protobuf from "protobufjs/minimal.js";

// Common aliases
const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
const $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError;

// Exported root namespace
const $root = $protobuf.roots["default"] || ($protobuf.roots["default"] = {});

export const vegafusion = $root.vegafusion = (() => {

    /**
     * Namespace vegafusion.
     * @exports vegafusion
     * @namespace
     */
    const vegafusion = {};

    vegafusion.v1 = (function() {

        /**
         * Namespace v1.
         * @memberof vegafusion
         * @namespace
         */
        const v1 = {};

        v1.ClientMessage = (function() {

            /**
             * Properties of a ClientMessage.
             * @typedef {Object} vegafusion.v1.ClientMessage.$Properties
             * @property {number|null} [version] ClientMessage version
             * @property {vegafusion.v1.Query.$Properties|null} [query] ClientMessage query
             * @property {vegafusion.v1.Cancel.$Properties|null} [cancel] ClientMessage cancel
             * @property {vegafusion.v1.CapabilitiesRequest.$Properties|null} [capabilities] ClientMessage capabilities
             * @property {"query"|"cancel"|"capabilities"} [kind] ClientMessage kind
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ClientMessage.
             * @memberof vegafusion.v1
             * @interface IClientMessage
             * @augments vegafusion.v1.ClientMessage.$Properties
             * @deprecated Use vegafusion.v1.ClientMessage.$Properties instead.
             */

            /**
             * Narrowed shape of a ClientMessage.
             * @typedef {{
             *   version?: number|null;
             *   query?: vegafusion.v1.Query.$Shape|null;
             *   cancel?: vegafusion.v1.Cancel.$Shape|null;
             *   capabilities?: vegafusion.v1.CapabilitiesRequest.$Shape|null;
             *   $unknowns?: Array.<Uint8Array>;
             * } & (
             *   ({ kind?: undefined; query?: null; cancel?: null; capabilities?: null }|{ kind?: "query"; query: vegafusion.v1.Query.$Shape; cancel?: null; capabilities?: null }|{ kind?: "cancel"; query?: null; cancel: vegafusion.v1.Cancel.$Shape; capabilities?: null }|{ kind?: "capabilities"; query?: null; cancel?: null; capabilities: vegafusion.v1.CapabilitiesRequest.$Shape })
             * )} vegafusion.v1.ClientMessage.$Shape
             */

            /**
             * Constructs a new ClientMessage.
             * @memberof vegafusion.v1
             * @classdesc Represents a ClientMessage.
             * @constructor
             * @param {vegafusion.v1.ClientMessage.$Properties=} [p] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ClientMessage = function (p) {
                if (p)
                    for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            };

            /**
             * ClientMessage version.
             * @member {number} version
             * @memberof vegafusion.v1.ClientMessage
             * @instance
             */
            ClientMessage.prototype.version = 0;

            /**
             * ClientMessage query.
             * @member {vegafusion.v1.Query.$Properties|null|undefined} query
             * @memberof vegafusion.v1.ClientMessage
             * @instance
             */
            ClientMessage.prototype.query = null;

            /**
             * ClientMessage cancel.
             * @member {vegafusion.v1.Cancel.$Properties|null|undefined} cancel
             * @memberof vegafusion.v1.ClientMessage
             * @instance
             */
            ClientMessage.prototype.cancel = null;

            /**
             * ClientMessage capabilities.
             * @member {vegafusion.v1.CapabilitiesRequest.$Properties|null|undefined} capabilities
             * @memberof vegafusion.v1.ClientMessage
             * @instance
             */
            ClientMessage.prototype.capabilities = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            /**
             * ClientMessage kind.
             * @member {"query"|"cancel"|"capabilities"|undefined} kind
             * @memberof vegafusion.v1.ClientMessage
             * @instance
             */
            $Object.defineProperty(ClientMessage.prototype, "kind", {
                get: $util.oneOfGetter($oneOfFields = ["query", "cancel", "capabilities"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new ClientMessage instance using the specified properties.
             * @function create
             * @memberof vegafusion.v1.ClientMessage
             * @static
             * @param {vegafusion.v1.ClientMessage.$Properties=} [properties] Properties to set
             * @returns {vegafusion.v1.ClientMessage} ClientMessage instance
             * @type {{
             *   (properties: vegafusion.v1.ClientMessage.$Shape): vegafusion.v1.ClientMessage & vegafusion.v1.ClientMessage.$Shape;
             *   (properties?: vegafusion.v1.ClientMessage.$Properties): vegafusion.v1.ClientMessage;
             * }}
             */
            ClientMessage.create = function(properties) {
                return new ClientMessage(properties);
            };

            /**
             * Encodes the specified ClientMessage message. Does not implicitly {@link vegafusion.v1.ClientMessage.verify|verify} messages.
             * @function encode
             * @memberof vegafusion.v1.ClientMessage
             * @static
             * @param {vegafusion.v1.ClientMessage.$Properties} m ClientMessage message or plain object to encode
             * @param {$protobuf.Writer} [w] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ClientMessage.encode = function (m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (m.version != null && $Object.hasOwnProperty.call(m, "version") && m.version !== 0)
                    w.uint32(/* id 1, wireType 0 =*/8).uint32(m.version);
                if (m.query != null && $Object.hasOwnProperty.call(m, "query"))
                    $root.vegafusion.v1.Query.encode(m.query, w.uint32(/* id 2, wireType 2 =*/18).fork(), q + 1).ldelim();
                if (m.cancel != null && $Object.hasOwnProperty.call(m, "cancel"))
                    $root.vegafusion.v1.Cancel.encode(m.cancel, w.uint32(/* id 3, wireType 2 =*/26).fork(), q + 1).ldelim();
                if (m.capabilities != null && $Object.hasOwnProperty.call(m, "capabilities"))
                    $root.vegafusion.v1.CapabilitiesRequest.encode(m.capabilities, w.uint32(/* id 4, wireType 2 =*/34).fork(), q + 1).ldelim();
                if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                    for (var i = 0; i < m.$unknowns.length; ++i)
                        w.raw(m.$unknowns[i]);
                return w;
            };

            /**
             * Decodes a ClientMessage message from the specified reader or buffer.
             * @function decode
             * @memberof vegafusion.v1.ClientMessage
             * @static
             * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
             * @param {number} [l] Message length if known beforehand
             * @returns {vegafusion.v1.ClientMessage & vegafusion.v1.ClientMessage.$Shape} ClientMessage
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ClientMessage.decode = function (r, l, z, q, g) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (q === $undefined)
                    q = 0;
                if (q > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var c, m, v;
                if (l === $undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw $RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = g || new $root.vegafusion.v1.ClientMessage();
                while (r.pos < c) {
                    var s = r.pos;
                    var t = r.tag();
                    if (t === z) {
                        z = $undefined;
                        break;
                    }
                    var u = t & 7;
                    switch (t >>>= 3) {
                    case 1: {
                            if (u !== 0)
                                break;
                            if (v = r.uint32())
                                m.version = v;
                            else
                                delete m.version;
                            continue;
                        }
                    case 2: {
                            if (u !== 2)
                                break;
                            m.query = $root.vegafusion.v1.Query.decode(r, r.size(), $undefined, q + 1, m.query);
                            m.kind = "query";
                            continue;
                        }
                    case 3: {
                            if (u !== 2)
                                break;
                            m.cancel = $root.vegafusion.v1.Cancel.decode(r, r.size(), $undefined, q + 1, m.cancel);
                            m.kind = "cancel";
                            continue;
                        }
                    case 4: {
                            if (u !== 2)
                                break;
                            m.capabilities = $root.vegafusion.v1.CapabilitiesRequest.decode(r, r.size(), $undefined, q + 1, m.capabilities);
                            m.kind = "capabilities";
                            continue;
                        }
                    }
                    r.skipType(u, q, t);
                    if (!r.discardUnknown) {
                        $util.makeProp(m, "$unknowns", false);
                        (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                    }
                }
                if (l !== $undefined) {
                    if (r.pos !== c)
                        throw $RangeError("index out of range");
                    r.len = l;
                }
                if (z !== $undefined)
                    throw $Error("missing end group");
                return m;
            };

            /**
             * Gets the type url for ClientMessage
             * @function getTypeUrl
             * @memberof vegafusion.v1.ClientMessage
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            ClientMessage.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/vegafusion.v1.ClientMessage";
            };

            return ClientMessage;
        })();

        v1.ServerMessage = (function() {

            /**
             * Properties of a ServerMessage.
             * @typedef {Object} vegafusion.v1.ServerMessage.$Properties
             * @property {number|null} [version] ServerMessage version
             * @property {vegafusion.v1.QueryResult.$Properties|null} [result] ServerMessage result
             * @property {vegafusion.v1.Error.$Properties|null} [error] ServerMessage error
             * @property {vegafusion.v1.Capabilities.$Properties|null} [capabilities] ServerMessage capabilities
             * @property {number|null} [frames] ServerMessage frames
             * @property {"result"|"error"|"capabilities"} [kind] ServerMessage kind
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ServerMessage.
             * @memberof vegafusion.v1
             * @interface IServerMessage
             * @augments vegafusion.v1.ServerMessage.$Properties
             * @deprecated Use vegafusion.v1.ServerMessage.$Properties instead.
             */

            /**
             * Narrowed shape of a ServerMessage.
             * @typedef {{
             *   version?: number|null;
             *   result?: vegafusion.v1.QueryResult.$Shape|null;
             *   error?: vegafusion.v1.Error.$Shape|null;
             *   capabilities?: vegafusion.v1.Capabilities.$Shape|null;
             *   frames?: number|null;
             *   $unknowns?: Array.<Uint8Array>;
             * } & (
             *   ({ kind?: undefined; result?: null; error?: null; capabilities?: null }|{ kind?: "result"; result: vegafusion.v1.QueryResult.$Shape; error?: null; capabilities?: null }|{ kind?: "error"; result?: null; error: vegafusion.v1.Error.$Shape; capabilities?: null }|{ kind?: "capabilities"; result?: null; error?: null; capabilities: vegafusion.v1.Capabilities.$Shape })
             * )} vegafusion.v1.ServerMessage.$Shape
             */

            /**
             * Constructs a new ServerMessage.
             * @memberof vegafusion.v1
             * @classdesc Represents a ServerMessage.
             * @constructor
             * @param {vegafusion.v1.ServerMessage.$Properties=} [p] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ServerMessage = function (p) {
                if (p)
                    for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            };

            /**
             * ServerMessage version.
             * @member {number} version
             * @memberof vegafusion.v1.ServerMessage
             * @instance
             */
            ServerMessage.prototype.version = 0;

            /**
             * ServerMessage result.
             * @member {vegafusion.v1.QueryResult.$Properties|null|undefined} result
             * @memberof vegafusion.v1.ServerMessage
             * @instance
             */
            ServerMessage.prototype.result = null;

            /**
             * ServerMessage error.
             * @member {vegafusion.v1.Error.$Properties|null|undefined} error
             * @memberof vegafusion.v1.ServerMessage
             * @instance
             */
            ServerMessage.prototype.error = null;

            /**
             * ServerMessage capabilities.
             * @member {vegafusion.v1.Capabilities.$Properties|null|undefined} capabilities
             * @memberof vegafusion.v1.ServerMessage
             * @instance
             */
            ServerMessage.prototype.capabilities = null;

            /**
             * ServerMessage frames.
             * @member {number} frames
             * @memberof vegafusion.v1.ServerMessage
             * @instance
             */
            ServerMessage.prototype.frames = 0;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            /**
             * ServerMessage kind.
             * @member {"result"|"error"|"capabilities"|undefined} kind
             * @memberof vegafusion.v1.ServerMessage
             * @instance
             */
            $Object.defineProperty(ServerMessage.prototype, "kind", {
                get: $util.oneOfGetter($oneOfFields = ["result", "error", "capabilities"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new ServerMessage instance using the specified properties.
             * @function create
             * @memberof vegafusion.v1.ServerMessage
             * @static
             * @param {vegafusion.v1.ServerMessage.$Properties=} [properties] Properties to set
             * @returns {vegafusion.v1.ServerMessage} ServerMessage instance
             * @type {{
             *   (properties: vegafusion.v1.ServerMessage.$Shape): vegafusion.v1.ServerMessage & vegafusion.v1.ServerMessage.$Shape;
             *   (properties?: vegafusion.v1.ServerMessage.$Properties): vegafusion.v1.ServerMessage;
             * }}
             */
            ServerMessage.create = function(properties) {
                return new ServerMessage(properties);
            };

            /**
             * Encodes the specified ServerMessage message. Does not implicitly {@link vegafusion.v1.ServerMessage.verify|verify} messages.
             * @function encode
             * @memberof vegafusion.v1.ServerMessage
             * @static
             * @param {vegafusion.v1.ServerMessage.$Properties} m ServerMessage message or plain object to encode
             * @param {$protobuf.Writer} [w] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ServerMessage.encode = function (m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (m.version != null && $Object.hasOwnProperty.call(m, "version") && m.version !== 0)
                    w.uint32(/* id 1, wireType 0 =*/8).uint32(m.version);
                if (m.result != null && $Object.hasOwnProperty.call(m, "result"))
                    $root.vegafusion.v1.QueryResult.encode(m.result, w.uint32(/* id 2, wireType 2 =*/18).fork(), q + 1).ldelim();
                if (m.error != null && $Object.hasOwnProperty.call(m, "error"))
                    $root.vegafusion.v1.Error.encode(m.error, w.uint32(/* id 3, wireType 2 =*/26).fork(), q + 1).ldelim();
                if (m.capabilities != null && $Object.hasOwnProperty.call(m, "capabilities"))
                    $root.vegafusion.v1.Capabilities.encode(m.capabilities, w.uint32(/* id 4, wireType 2 =*/34).fork(), q + 1).ldelim();
                if (m.frames != null && $Object.hasOwnProperty.call(m, "frames") && m.frames !== 0)
                    w.uint32(/* id 5, wireType 0 =*/40).uint32(m.frames);
                if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                    for (var i = 0; i < m.$unknowns.length; ++i)
                        w.raw(m.$unknowns[i]);
                return w;
            };

            /**
             * Decodes a ServerMessage message from the specified reader or buffer.
             * @function decode
             * @memberof vegafusion.v1.ServerMessage
             * @static
             * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
             * @param {number} [l] Message length if known beforehand
             * @returns {vegafusion.v1.ServerMessage & vegafusion.v1.ServerMessage.$Shape} ServerMessage
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ServerMessage.decode = function (r, l, z, q, g) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (q === $undefined)
                    q = 0;
                if (q > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var c, m, v;
                if (l === $undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw $RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = g || new $root.vegafusion.v1.ServerMessage();
                while (r.pos < c) {
                    var s = r.pos;
                    var t = r.tag();
                    if (t === z) {
                        z = $undefined;
                        break;
                    }
                    var u = t & 7;
                    switch (t >>>= 3) {
                    case 1: {
                            if (u !== 0)
                                break;
                            if (v = r.uint32())
                                m.version = v;
                            else
                                delete m.version;
                            continue;
                        }
                    case 2: {
                            if (u !== 2)
                                break;
                            m.result = $root.vegafusion.v1.QueryResult.decode(r, r.size(), $undefined, q + 1, m.result);
                            m.kind = "result";
                            continue;
                        }
                    case 3: {
                            if (u !== 2)
                                break;
                            m.error = $root.vegafusion.v1.Error.decode(r, r.size(), $undefined, q + 1, m.error);
                            m.kind = "error";
                            continue;
                        }
                    case 4: {
                            if (u !== 2)
                                break;
                            m.capabilities = $root.vegafusion.v1.Capabilities.decode(r, r.size(), $undefined, q + 1, m.capabilities);
                            m.kind = "capabilities";
                            continue;
                        }
                    case 5: {
                            if (u !== 0)
                                break;
                            if (v = r.uint32())
                                m.frames = v;
                            else
                                delete m.frames;
                            continue;
                        }
                    }
                    r.skipType(u, q, t);
                    if (!r.discardUnknown) {
                        $util.makeProp(m, "$unknowns", false);
                        (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                    }
                }
                if (l !== $undefined) {
                    if (r.pos !== c)
                        throw $RangeError("index out of range");
                    r.len = l;
                }
                if (z !== $undefined)
                    throw $Error("missing end group");
                return m;
            };

            /**
             * Gets the type url for ServerMessage
             * @function getTypeUrl
             * @memberof vegafusion.v1.ServerMessage
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            ServerMessage.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/vegafusion.v1.ServerMessage";
            };

            return ServerMessage;
        })();

        /**
         * Namespace enum.
         * @name vegafusion.v1.Namespace
         * @enum {number}
         * @property {number} NAMESPACE_SIGNAL=0 NAMESPACE_SIGNAL value
         * @property {number} NAMESPACE_DATA=1 NAMESPACE_DATA value
         * @property {number} NAMESPACE_SCALE=2 NAMESPACE_SCALE value
         */
        v1.Namespace = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "NAMESPACE_SIGNAL"] = 0;
            values[valuesById[1] = "NAMESPACE_DATA"] = 1;
            values[valuesById[2] = "NAMESPACE_SCALE"] = 2;
            return values;
        })();

        v1.Variable = (function() {

            /**
             * Properties of a Variable.
             * @typedef {Object} vegafusion.v1.Variable.$Properties
             * @property {string|null} [name] Variable name
             * @property {vegafusion.v1.Namespace|null} [namespace] Variable namespace
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Variable.
             * @memberof vegafusion.v1
             * @interface IVariable
             * @augments vegafusion.v1.Variable.$Properties
             * @deprecated Use vegafusion.v1.Variable.$Properties instead.
             */

            /**
             * Shape of a Variable.
             * @typedef {vegafusion.v1.Variable.$Properties} vegafusion.v1.Variable.$Shape
             */

            /**
             * Constructs a new Variable.
             * @memberof vegafusion.v1
             * @classdesc Represents a Variable.
             * @constructor
             * @param {vegafusion.v1.Variable.$Properties=} [p] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Variable = function (p) {
                if (p)
                    for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            };

            /**
             * Variable name.
             * @member {string} name
             * @memberof vegafusion.v1.Variable
             * @instance
             */
            Variable.prototype.name = "";

            /**
             * Variable namespace.
             * @member {vegafusion.v1.Namespace} namespace
             * @memberof vegafusion.v1.Variable
             * @instance
             */
            Variable.prototype.namespace = 0;

            /**
             * Creates a new Variable instance using the specified properties.
             * @function create
             * @memberof vegafusion.v1.Variable
             * @static
             * @param {vegafusion.v1.Variable.$Properties=} [properties] Properties to set
             * @returns {vegafusion.v1.Variable} Variable instance
             * @type {{
             *   (properties: vegafusion.v1.Variable.$Shape): vegafusion.v1.Variable & vegafusion.v1.Variable.$Shape;
             *   (properties?: vegafusion.v1.Variable.$Properties): vegafusion.v1.Variable;
             * }}
             */
            Variable.create = function(properties) {
                return new Variable(properties);
            };

            /**
             * Encodes the specified Variable message. Does not implicitly {@link vegafusion.v1.Variable.verify|verify} messages.
             * @function encode
             * @memberof vegafusion.v1.Variable
             * @static
             * @param {vegafusion.v1.Variable.$Properties} m Variable message or plain object to encode
             * @param {$protobuf.Writer} [w] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Variable.encode = function (m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (m.name != null && $Object.hasOwnProperty.call(m, "name") && m.name !== "")
                    w.uint32(/* id 1, wireType 2 =*/10).string(m.name);
                if (m.namespace != null && $Object.hasOwnProperty.call(m, "namespace") && m.namespace !== 0)
                    w.uint32(/* id 2, wireType 0 =*/16).int32(m.namespace);
                if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                    for (var i = 0; i < m.$unknowns.length; ++i)
                        w.raw(m.$unknowns[i]);
                return w;
            };

            /**
             * Decodes a Variable message from the specified reader or buffer.
             * @function decode
             * @memberof vegafusion.v1.Variable
             * @static
             * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
             * @param {number} [l] Message length if known beforehand
             * @returns {vegafusion.v1.Variable & vegafusion.v1.Variable.$Shape} Variable
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Variable.decode = function (r, l, z, q, g) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (q === $undefined)
                    q = 0;
                if (q > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var c, m, v;
                if (l === $undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw $RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = g || new $root.vegafusion.v1.Variable();
                while (r.pos < c) {
                    var s = r.pos;
                    var t = r.tag();
                    if (t === z) {
                        z = $undefined;
                        break;
                    }
                    var u = t & 7;
                    switch (t >>>= 3) {
                    case 1: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.name = v;
                            else
                                delete m.name;
                            continue;
                        }
                    case 2: {
                            if (u !== 0)
                                break;
                            if (v = r.int32())
                                m.namespace = v;
                            else
                                delete m.namespace;
                            continue;
                        }
                    }
                    r.skipType(u, q, t);
                    if (!r.discardUnknown) {
                        $util.makeProp(m, "$unknowns", false);
                        (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                    }
                }
                if (l !== $undefined) {
                    if (r.pos !== c)
                        throw $RangeError("index out of range");
                    r.len = l;
                }
                if (z !== $undefined)
                    throw $Error("missing end group");
                return m;
            };

            /**
             * Gets the type url for Variable
             * @function getTypeUrl
             * @memberof vegafusion.v1.Variable
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Variable.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/vegafusion.v1.Variable";
            };

            return Variable;
        })();

        v1.TaskValue = (function() {

            /**
             * Properties of a TaskValue.
             * @typedef {Object} vegafusion.v1.TaskValue.$Properties
             * @property {string|null} [json] TaskValue json
             * @property {Uint8Array|null} [arrow] TaskValue arrow
             * @property {number|null} [arrowFrame] TaskValue arrowFrame
             * @property {"json"|"arrow"|"arrowFrame"} [kind] TaskValue kind
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a TaskValue.
             * @memberof vegafusion.v1
             * @interface ITaskValue
             * @augments vegafusion.v1.TaskValue.$Properties
             * @deprecated Use vegafusion.v1.TaskValue.$Properties instead.
             */

            /**
             * Narrowed shape of a TaskValue.
             * @typedef {{
             *   json?: string|null;
             *   arrow?: Uint8Array|null;
             *   arrowFrame?: number|null;
             *   $unknowns?: Array.<Uint8Array>;
             * } & (
             *   ({ kind?: undefined; json?: null; arrow?: null; arrowFrame?: null }|{ kind?: "json"; json: string; arrow?: null; arrowFrame?: null }|{ kind?: "arrow"; json?: null; arrow: Uint8Array; arrowFrame?: null }|{ kind?: "arrowFrame"; json?: null; arrow?: null; arrowFrame: number })
             * )} vegafusion.v1.TaskValue.$Shape
             */

            /**
             * Constructs a new TaskValue.
             * @memberof vegafusion.v1
             * @classdesc Represents a TaskValue.
             * @constructor
             * @param {vegafusion.v1.TaskValue.$Properties=} [p] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const TaskValue = function (p) {
                if (p)
                    for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            };

            /**
             * TaskValue json.
             * @member {string|null|undefined} json
             * @memberof vegafusion.v1.TaskValue
             * @instance
             */
            TaskValue.prototype.json = null;

            /**
             * TaskValue arrow.
             * @member {Uint8Array|null|undefined} arrow
             * @memberof vegafusion.v1.TaskValue
             * @instance
             */
            TaskValue.prototype.arrow = null;

            /**
             * TaskValue arrowFrame.
             * @member {number|null|undefined} arrowFrame
             * @memberof vegafusion.v1.TaskValue
             * @instance
             */
            TaskValue.prototype.arrowFrame = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            /**
             * TaskValue kind.
             * @member {"json"|"arrow"|"arrowFrame"|undefined} kind
             * @memberof vegafusion.v1.TaskValue
             * @instance
             */
            $Object.defineProperty(TaskValue.prototype, "kind", {
                get: $util.oneOfGetter($oneOfFields = ["json", "arrow", "arrowFrame"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new TaskValue instance using the specified properties.
             * @function create
             * @memberof vegafusion.v1.TaskValue
             * @static
             * @param {vegafusion.v1.TaskValue.$Properties=} [properties] Properties to set
             * @returns {vegafusion.v1.TaskValue} TaskValue instance
             * @type {{
             *   (properties: vegafusion.v1.TaskValue.$Shape): vegafusion.v1.TaskValue & vegafusion.v1.TaskValue.$Shape;
             *   (properties?: vegafusion.v1.TaskValue.$Properties): vegafusion.v1.TaskValue;
             * }}
             */
            TaskValue.create = function(properties) {
                return new TaskValue(properties);
            };

            /**
             * Encodes the specified TaskValue message. Does not implicitly {@link vegafusion.v1.TaskValue.verify|verify} messages.
             * @function encode
             * @memberof vegafusion.v1.TaskValue
             * @static
             * @param {vegafusion.v1.TaskValue.$Properties} m TaskValue message or plain object to encode
             * @param {$protobuf.Writer} [w] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            TaskValue.encode = function (m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (m.json != null && $Object.hasOwnProperty.call(m, "json"))
                    w.uint32(/* id 1, wireType 2 =*/10).string(m.json);
                if (m.arrow != null && $Object.hasOwnProperty.call(m, "arrow"))
                    w.uint32(/* id 2, wireType 2 =*/18).bytes(m.arrow);
                if (m.arrowFrame != null && $Object.hasOwnProperty.call(m, "arrowFrame"))
                    w.uint32(/* id 3, wireType 0 =*/24).uint32(m.arrowFrame);
                if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                    for (var i = 0; i < m.$unknowns.length; ++i)
                        w.raw(m.$unknowns[i]);
                return w;
            };

            /**
             * Decodes a TaskValue message from the specified reader or buffer.
             * @function decode
             * @memberof vegafusion.v1.TaskValue
             * @static
             * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
             * @param {number} [l] Message length if known beforehand
             * @returns {vegafusion.v1.TaskValue & vegafusion.v1.TaskValue.$Shape} TaskValue
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            TaskValue.decode = function (r, l, z, q, g) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (q === $undefined)
                    q = 0;
                if (q > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var c, m;
                if (l === $undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw $RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = g || new $root.vegafusion.v1.TaskValue();
                while (r.pos < c) {
                    var s = r.pos;
                    var t = r.tag();
                    if (t === z) {
                        z = $undefined;
                        break;
                    }
                    var u = t & 7;
                    switch (t >>>= 3) {
                    case 1: {
                            if (u !== 2)
                                break;
                            m.json = r.stringVerify();
                            m.kind = "json";
                            continue;
                        }
                    case 2: {
                            if (u !== 2)
                                break;
                            m.arrow = r.bytes();
                            m.kind = "arrow";
                            continue;
                        }
                    case 3: {
                            if (u !== 0)
                                break;
                            m.arrowFrame = r.uint32();
                            m.kind = "arrowFrame";
                            continue;
                        }
                    }
                    r.skipType(u, q, t);
                    if (!r.discardUnknown) {
                        $util.makeProp(m, "$unknowns", false);
                        (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                    }
                }
                if (l !== $undefined) {
                    if (r.pos !== c)
                        throw $RangeError("index out of range");
                    r.len = l;
                }
                if (z !== $undefined)
                    throw $Error("missing end group");
                return m;
            };

            /**
             * Gets the type url for TaskValue
             * @function getTypeUrl
             * @memberof vegafusion.v1.TaskValue
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            TaskValue.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/vegafusion.v1.TaskValue";
            };

            return TaskValue;
        })();

        v1.DataUrlTask = (function() {

            /**
             * Properties of a DataUrlTask.
             * @typedef {Object} vegafusion.v1.DataUrlTask.$Properties
             * @property {string|null} [url] DataUrlTask url
             * @property {string|null} [formatJson] DataUrlTask formatJson
             * @property {string|null} [pipelineJson] DataUrlTask pipelineJson
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a DataUrlTask.
             * @memberof vegafusion.v1
             * @interface IDataUrlTask
             * @augments vegafusion.v1.DataUrlTask.$Properties
             * @deprecated Use vegafusion.v1.DataUrlTask.$Properties instead.
             */

            /**
             * Shape of a DataUrlTask.
             * @typedef {vegafusion.v1.DataUrlTask.$Properties} vegafusion.v1.DataUrlTask.$Shape
             */

            /**
             * Constructs a new DataUrlTask.
             * @memberof vegafusion.v1
             * @classdesc Represents a DataUrlTask.
             * @constructor
             * @param {vegafusion.v1.DataUrlTask.$Properties=} [p] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const DataUrlTask = function (p) {
                if (p)
                    for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            };

            /**
             * DataUrlTask url.
             * @member {string} url
             * @memberof vegafusion.v1.DataUrlTask
             * @instance
             */
            DataUrlTask.prototype.url = "";

            /**
             * DataUrlTask formatJson.
             * @member {string} formatJson
             * @memberof vegafusion.v1.DataUrlTask
             * @instance
             */
            DataUrlTask.prototype.formatJson = "";

            /**
             * DataUrlTask pipelineJson.
             * @member {string} pipelineJson
             * @memberof vegafusion.v1.DataUrlTask
             * @instance
             */
            DataUrlTask.prototype.pipelineJson = "";

            /**
             * Creates a new DataUrlTask instance using the specified properties.
             * @function create
             * @memberof vegafusion.v1.DataUrlTask
             * @static
             * @param {vegafusion.v1.DataUrlTask.$Properties=} [properties] Properties to set
             * @returns {vegafusion.v1.DataUrlTask} DataUrlTask instance
             * @type {{
             *   (properties: vegafusion.v1.DataUrlTask.$Shape): vegafusion.v1.DataUrlTask & vegafusion.v1.DataUrlTask.$Shape;
             *   (properties?: vegafusion.v1.DataUrlTask.$Properties): vegafusion.v1.DataUrlTask;
             * }}
             */
            DataUrlTask.create = function(properties) {
                return new DataUrlTask(properties);
            };

            /**
             * Encodes the specified DataUrlTask message. Does not implicitly {@link vegafusion.v1.DataUrlTask.verify|verify} messages.
             * @function encode
             * @memberof vegafusion.v1.DataUrlTask
             * @static
             * @param {vegafusion.v1.DataUrlTask.$Properties} m DataUrlTask message or plain object to encode
             * @param {$protobuf.Writer} [w] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            DataUrlTask.encode = function (m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (m.url != null && $Object.hasOwnProperty.call(m, "url") && m.url !== "")
                    w.uint32(/* id 1, wireType 2 =*/10).string(m.url);
                if (m.formatJson != null && $Object.hasOwnProperty.call(m, "formatJson") && m.formatJson !== "")
                    w.uint32(/* id 2, wireType 2 =*/18).string(m.formatJson);
                if (m.pipelineJson != null && $Object.hasOwnProperty.call(m, "pipelineJson") && m.pipelineJson !== "")
                    w.uint32(/* id 3, wireType 2 =*/26).string(m.pipelineJson);
                if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                    for (var i = 0; i < m.$unknowns.length; ++i)
                        w.raw(m.$unknowns[i]);
                return w;
            };

            /**
             * Decodes a DataUrlTask message from the specified reader or buffer.
             * @function decode
             * @memberof vegafusion.v1.DataUrlTask
             * @static
             * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
             * @param {number} [l] Message length if known beforehand
             * @returns {vegafusion.v1.DataUrlTask & vegafusion.v1.DataUrlTask.$Shape} DataUrlTask
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            DataUrlTask.decode = function (r, l, z, q, g) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (q === $undefined)
                    q = 0;
                if (q > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var c, m, v;
                if (l === $undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw $RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = g || new $root.vegafusion.v1.DataUrlTask();
                while (r.pos < c) {
                    var s = r.pos;
                    var t = r.tag();
                    if (t === z) {
                        z = $undefined;
                        break;
                    }
                    var u = t & 7;
                    switch (t >>>= 3) {
                    case 1: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.url = v;
                            else
                                delete m.url;
                            continue;
                        }
                    case 2: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.formatJson = v;
                            else
                                delete m.formatJson;
                            continue;
                        }
                    case 3: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.pipelineJson = v;
                            else
                                delete m.pipelineJson;
                            continue;
                        }
                    }
                    r.skipType(u, q, t);
                    if (!r.discardUnknown) {
                        $util.makeProp(m, "$unknowns", false);
                        (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                    }
                }
                if (l !== $undefined) {
                    if (r.pos !== c)
                        throw $RangeError("index out of range");
                    r.len = l;
                }
                if (z !== $undefined)
                    throw $Error("missing end group");
                return m;
            };

            /**
             * Gets the type url for DataUrlTask
             * @function getTypeUrl
             * @memberof vegafusion.v1.DataUrlTask
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            DataUrlTask.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/vegafusion.v1.DataUrlTask";
            };

            return DataUrlTask;
        })();

        v1.DataValuesTask = (function() {

            /**
             * Properties of a DataValuesTask.
             * @typedef {Object} vegafusion.v1.DataValuesTask.$Properties
             * @property {string|null} [valuesJson] DataValuesTask valuesJson
             * @property {string|null} [formatJson] DataValuesTask formatJson
             * @property {string|null} [pipelineJson] DataValuesTask pipelineJson
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a DataValuesTask.
             * @memberof vegafusion.v1
             * @interface IDataValuesTask
             * @augments vegafusion.v1.DataValuesTask.$Properties
             * @deprecated Use vegafusion.v1.DataValuesTask.$Properties instead.
             */

            /**
             * Shape of a DataValuesTask.
             * @typedef {vegafusion.v1.DataValuesTask.$Properties} vegafusion.v1.DataValuesTask.$Shape
             */

            /**
             * Constructs a new DataValuesTask.
             * @memberof vegafusion.v1
             * @classdesc Represents a DataValuesTask.
             * @constructor
             * @param {vegafusion.v1.DataValuesTask.$Properties=} [p] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const DataValuesTask = function (p) {
                if (p)
                    for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            };

            /**
             * DataValuesTask valuesJson.
             * @member {string} valuesJson
             * @memberof vegafusion.v1.DataValuesTask
             * @instance
             */
            DataValuesTask.prototype.valuesJson = "";

            /**
             * DataValuesTask formatJson.
             * @member {string} formatJson
             * @memberof vegafusion.v1.DataValuesTask
             * @instance
             */
            DataValuesTask.prototype.formatJson = "";

            /**
             * DataValuesTask pipelineJson.
             * @member {string} pipelineJson
             * @memberof vegafusion.v1.DataValuesTask
             * @instance
             */
            DataValuesTask.prototype.pipelineJson = "";

            /**
             * Creates a new DataValuesTask instance using the specified properties.
             * @function create
             * @memberof vegafusion.v1.DataValuesTask
             * @static
             * @param {vegafusion.v1.DataValuesTask.$Properties=} [properties] Properties to set
             * @returns {vegafusion.v1.DataValuesTask} DataValuesTask instance
             * @type {{
             *   (properties: vegafusion.v1.DataValuesTask.$Shape): vegafusion.v1.DataValuesTask & vegafusion.v1.DataValuesTask.$Shape;
             *   (properties?: vegafusion.v1.DataValuesTask.$Properties): vegafusion.v1.DataValuesTask;
             * }}
             */
            DataValuesTask.create = function(properties) {
                return new DataValuesTask(properties);
            };

            /**
             * Encodes the specified DataValuesTask message. Does not implicitly {@link vegafusion.v1.DataValuesTask.verify|verify} messages.
             * @function encode
             * @memberof vegafusion.v1.DataValuesTask
             * @static
             * @param {vegafusion.v1.DataValuesTask.$Properties} m DataValuesTask message or plain object to encode
             * @param {$protobuf.Writer} [w] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            DataValuesTask.encode = function (m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (m.valuesJson != null && $Object.hasOwnProperty.call(m, "valuesJson") && m.valuesJson !== "")
                    w.uint32(/* id 1, wireType 2 =*/10).string(m.valuesJson);
                if (m.formatJson != null && $Object.hasOwnProperty.call(m, "formatJson") && m.formatJson !== "")
                    w.uint32(/* id 2, wireType 2 =*/18).string(m.formatJson);
                if (m.pipelineJson != null && $Object.hasOwnProperty.call(m, "pipelineJson") && m.pipelineJson !== "")
                    w.uint32(/* id 3, wireType 2 =*/26).string(m.pipelineJson);
                if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                    for (var i = 0; i < m.$unknowns.length; ++i)
                        w.raw(m.$unknowns[i]);
                return w;
            };

            /**
             * Decodes a DataValuesTask message from the specified reader or buffer.
             * @function decode
             * @memberof vegafusion.v1.DataValuesTask
             * @static
             * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
             * @param {number} [l] Message length if known beforehand
             * @returns {vegafusion.v1.DataValuesTask & vegafusion.v1.DataValuesTask.$Shape} DataValuesTask
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            DataValuesTask.decode = function (r, l, z, q, g) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (q === $undefined)
                    q = 0;
                if (q > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var c, m, v;
                if (l === $undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw $RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = g || new $root.vegafusion.v1.DataValuesTask();
                while (r.pos < c) {
                    var s = r.pos;
                    var t = r.tag();
                    if (t === z) {
                        z = $undefined;
                        break;
                    }
                    var u = t & 7;
                    switch (t >>>= 3) {
                    case 1: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.valuesJson = v;
                            else
                                delete m.valuesJson;
                            continue;
                        }
                    case 2: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.formatJson = v;
                            else
                                delete m.formatJson;
                            continue;
                        }
                    case 3: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.pipelineJson = v;
                            else
                                delete m.pipelineJson;
                            continue;
                        }
                    }
                    r.skipType(u, q, t);
                    if (!r.discardUnknown) {
                        $util.makeProp(m, "$unknowns", false);
                        (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                    }
                }
                if (l !== $undefined) {
                    if (r.pos !== c)
                        throw $RangeError("index out of range");
                    r.len = l;
                }
                if (z !== $undefined)
                    throw $Error("missing end group");
                return m;
            };

            /**
             * Gets the type url for DataValuesTask
             * @function getTypeUrl
             * @memberof vegafusion.v1.DataValuesTask
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            DataValuesTask.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/vegafusion.v1.DataValuesTask";
            };

            return DataValuesTask;
        })();

        v1.DataSourceTask = (function() {

            /**
             * Properties of a DataSourceTask.
             * @typedef {Object} vegafusion.v1.DataSourceTask.$Properties
             * @property {string|null} [source] DataSourceTask source
             * @property {string|null} [pipelineJson] DataSourceTask pipelineJson
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a DataSourceTask.
             * @memberof vegafusion.v1
             * @interface IDataSourceTask
             * @augments vegafusion.v1.DataSourceTask.$Properties
             * @deprecated Use vegafusion.v1.DataSourceTask.$Properties instead.
             */

            /**
             * Shape of a DataSourceTask.
             * @typedef {vegafusion.v1.DataSourceTask.$Properties} vegafusion.v1.DataSourceTask.$Shape
             */

            /**
             * Constructs a new DataSourceTask.
             * @memberof vegafusion.v1
             * @classdesc Represents a DataSourceTask.
             * @constructor
             * @param {vegafusion.v1.DataSourceTask.$Properties=} [p] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const DataSourceTask = function (p) {
                if (p)
                    for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            };

            /**
             * DataSourceTask source.
             * @member {string} source
             * @memberof vegafusion.v1.DataSourceTask
             * @instance
             */
            DataSourceTask.prototype.source = "";

            /**
             * DataSourceTask pipelineJson.
             * @member {string} pipelineJson
             * @memberof vegafusion.v1.DataSourceTask
             * @instance
             */
            DataSourceTask.prototype.pipelineJson = "";

            /**
             * Creates a new DataSourceTask instance using the specified properties.
             * @function create
             * @memberof vegafusion.v1.DataSourceTask
             * @static
             * @param {vegafusion.v1.DataSourceTask.$Properties=} [properties] Properties to set
             * @returns {vegafusion.v1.DataSourceTask} DataSourceTask instance
             * @type {{
             *   (properties: vegafusion.v1.DataSourceTask.$Shape): vegafusion.v1.DataSourceTask & vegafusion.v1.DataSourceTask.$Shape;
             *   (properties?: vegafusion.v1.DataSourceTask.$Properties): vegafusion.v1.DataSourceTask;
             * }}
             */
            DataSourceTask.create = function(properties) {
                return new DataSourceTask(properties);
            };

            /**
             * Encodes the specified DataSourceTask message. Does not implicitly {@link vegafusion.v1.DataSourceTask.verify|verify} messages.
             * @function encode
             * @memberof vegafusion.v1.DataSourceTask
             * @static
             * @param {vegafusion.v1.DataSourceTask.$Properties} m DataSourceTask message or plain object to encode
             * @param {$protobuf.Writer} [w] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            DataSourceTask.encode = function (m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (m.source != null && $Object.hasOwnProperty.call(m, "source") && m.source !== "")
                    w.uint32(/* id 1, wireType 2 =*/10).string(m.source);
                if (m.pipelineJson != null && $Object.hasOwnProperty.call(m, "pipelineJson") && m.pipelineJson !== "")
                    w.uint32(/* id 2, wireType 2 =*/18).string(m.pipelineJson);
                if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                    for (var i = 0; i < m.$unknowns.length; ++i)
                        w.raw(m.$unknowns[i]);
                return w;
            };

            /**
             * Decodes a DataSourceTask message from the specified reader or buffer.
             * @function decode
             * @memberof vegafusion.v1.DataSourceTask
             * @static
             * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
             * @param {number} [l] Message length if known beforehand
             * @returns {vegafusion.v1.DataSourceTask & vegafusion.v1.DataSourceTask.$Shape} DataSourceTask
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            DataSourceTask.decode = function (r, l, z, q, g) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (q === $undefined)
                    q = 0;
                if (q > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var c, m, v;
                if (l === $undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw $RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = g || new $root.vegafusion.v1.DataSourceTask();
                while (r.pos < c) {
                    var s = r.pos;
                    var t = r.tag();
                    if (t === z) {
                        z = $undefined;
                        break;
                    }
                    var u = t & 7;
                    switch (t >>>= 3) {
                    case 1: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.source = v;
                            else
                                delete m.source;
                            continue;
                        }
                    case 2: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.pipelineJson = v;
                            else
                                delete m.pipelineJson;
                            continue;
                        }
                    }
                    r.skipType(u, q, t);
                    if (!r.discardUnknown) {
                        $util.makeProp(m, "$unknowns", false);
                        (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                    }
                }
                if (l !== $undefined) {
                    if (r.pos !== c)
                        throw $RangeError("index out of range");
                    r.len = l;
                }
                if (z !== $undefined)
                    throw $Error("missing end group");
                return m;
            };

            /**
             * Gets the type url for DataSourceTask
             * @function getTypeUrl
             * @memberof vegafusion.v1.DataSourceTask
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            DataSourceTask.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/vegafusion.v1.DataSourceTask";
            };

            return DataSourceTask;
        })();

        v1.SignalTask = (function() {

            /**
             * Properties of a SignalTask.
             * @typedef {Object} vegafusion.v1.SignalTask.$Properties
             * @property {string|null} [expr] SignalTask expr
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a SignalTask.
             * @memberof vegafusion.v1
             * @interface ISignalTask
             * @augments vegafusion.v1.SignalTask.$Properties
             * @deprecated Use vegafusion.v1.SignalTask.$Properties instead.
             */

            /**
             * Shape of a SignalTask.
             * @typedef {vegafusion.v1.SignalTask.$Properties} vegafusion.v1.SignalTask.$Shape
             */

            /**
             * Constructs a new SignalTask.
             * @memberof vegafusion.v1
             * @classdesc Represents a SignalTask.
             * @constructor
             * @param {vegafusion.v1.SignalTask.$Properties=} [p] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const SignalTask = function (p) {
                if (p)
                    for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            };

            /**
             * SignalTask expr.
             * @member {string} expr
             * @memberof vegafusion.v1.SignalTask
             * @instance
             */
            SignalTask.prototype.expr = "";

            /**
             * Creates a new SignalTask instance using the specified properties.
             * @function create
             * @memberof vegafusion.v1.SignalTask
             * @static
             * @param {vegafusion.v1.SignalTask.$Properties=} [properties] Properties to set
             * @returns {vegafusion.v1.SignalTask} SignalTask instance
             * @type {{
             *   (properties: vegafusion.v1.SignalTask.$Shape): vegafusion.v1.SignalTask & vegafusion.v1.SignalTask.$Shape;
             *   (properties?: vegafusion.v1.SignalTask.$Properties): vegafusion.v1.SignalTask;
             * }}
             */
            SignalTask.create = function(properties) {
                return new SignalTask(properties);
            };

            /**
             * Encodes the specified SignalTask message. Does not implicitly {@link vegafusion.v1.SignalTask.verify|verify} messages.
             * @function encode
             * @memberof vegafusion.v1.SignalTask
             * @static
             * @param {vegafusion.v1.SignalTask.$Properties} m SignalTask message or plain object to encode
             * @param {$protobuf.Writer} [w] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            SignalTask.encode = function (m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (m.expr != null && $Object.hasOwnProperty.call(m, "expr") && m.expr !== "")
                    w.uint32(/* id 1, wireType 2 =*/10).string(m.expr);
                if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                    for (var i = 0; i < m.$unknowns.length; ++i)
                        w.raw(m.$unknowns[i]);
                return w;
            };

            /**
             * Decodes a SignalTask message from the specified reader or buffer.
             * @function decode
             * @memberof vegafusion.v1.SignalTask
             * @static
             * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
             * @param {number} [l] Message length if known beforehand
             * @returns {vegafusion.v1.SignalTask & vegafusion.v1.SignalTask.$Shape} SignalTask
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            SignalTask.decode = function (r, l, z, q, g) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (q === $undefined)
                    q = 0;
                if (q > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var c, m, v;
                if (l === $undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw $RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = g || new $root.vegafusion.v1.SignalTask();
                while (r.pos < c) {
                    var s = r.pos;
                    var t = r.tag();
                    if (t === z) {
                        z = $undefined;
                        break;
                    }
                    var u = t & 7;
                    switch (t >>>= 3) {
                    case 1: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.expr = v;
                            else
                                delete m.expr;
                            continue;
                        }
                    }
                    r.skipType(u, q, t);
                    if (!r.discardUnknown) {
                        $util.makeProp(m, "$unknowns", false);
                        (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                    }
                }
                if (l !== $undefined) {
                    if (r.pos !== c)
                        throw $RangeError("index out of range");
                    r.len = l;
                }
                if (z !== $undefined)
                    throw $Error("missing end group");
                return m;
            };

            /**
             * Gets the type url for SignalTask
             * @function getTypeUrl
             * @memberof vegafusion.v1.SignalTask
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            SignalTask.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/vegafusion.v1.SignalTask";
            };

            return SignalTask;
        })();

        v1.RenderTask = (function() {

            /**
             * Properties of a RenderTask.
             * @typedef {Object} vegafusion.v1.RenderTask.$Properties
             * @property {string|null} [source] RenderTask source
             * @property {string|null} [markJson] RenderTask markJson
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a RenderTask.
             * @memberof vegafusion.v1
             * @interface IRenderTask
             * @augments vegafusion.v1.RenderTask.$Properties
             * @deprecated Use vegafusion.v1.RenderTask.$Properties instead.
             */

            /**
             * Shape of a RenderTask.
             * @typedef {vegafusion.v1.RenderTask.$Properties} vegafusion.v1.RenderTask.$Shape
             */

            /**
             * Constructs a new RenderTask.
             * @memberof vegafusion.v1
             * @classdesc Represents a RenderTask.
             * @constructor
             * @param {vegafusion.v1.RenderTask.$Properties=} [p] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const RenderTask = function (p) {
                if (p)
                    for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            };

            /**
             * RenderTask source.
             * @member {string} source
             * @memberof vegafusion.v1.RenderTask
             * @instance
             */
            RenderTask.prototype.source = "";

            /**
             * RenderTask markJson.
             * @member {string} markJson
             * @memberof vegafusion.v1.RenderTask
             * @instance
             */
            RenderTask.prototype.markJson = "";

            /**
             * Creates a new RenderTask instance using the specified properties.
             * @function create
             * @memberof vegafusion.v1.RenderTask
             * @static
             * @param {vegafusion.v1.RenderTask.$Properties=} [properties] Properties to set
             * @returns {vegafusion.v1.RenderTask} RenderTask instance
             * @type {{
             *   (properties: vegafusion.v1.RenderTask.$Shape): vegafusion.v1.RenderTask & vegafusion.v1.RenderTask.$Shape;
             *   (properties?: vegafusion.v1.RenderTask.$Properties): vegafusion.v1.RenderTask;
             * }}
             */
            RenderTask.create = function(properties) {
                return new RenderTask(properties);
            };

            /**
             * Encodes the specified RenderTask message. Does not implicitly {@link vegafusion.v1.RenderTask.verify|verify} messages.
             * @function encode
             * @memberof vegafusion.v1.RenderTask
             * @static
             * @param {vegafusion.v1.RenderTask.$Properties} m RenderTask message or plain object to encode
             * @param {$protobuf.Writer} [w] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            RenderTask.encode = function (m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (m.source != null && $Object.hasOwnProperty.call(m, "source") && m.source !== "")
                    w.uint32(/* id 1, wireType 2 =*/10).string(m.source);
                if (m.markJson != null && $Object.hasOwnProperty.call(m, "markJson") && m.markJson !== "")
                    w.uint32(/* id 2, wireType 2 =*/18).string(m.markJson);
                if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                    for (var i = 0; i < m.$unknowns.length; ++i)
                        w.raw(m.$unknowns[i]);
                return w;
            };

            /**
             * Decodes a RenderTask message from the specified reader or buffer.
             * @function decode
             * @memberof vegafusion.v1.RenderTask
             * @static
             * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
             * @param {number} [l] Message length if known beforehand
             * @returns {vegafusion.v1.RenderTask & vegafusion.v1.RenderTask.$Shape} RenderTask
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            RenderTask.decode = function (r, l, z, q, g) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (q === $undefined)
                    q = 0;
                if (q > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var c, m, v;
                if (l === $undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw $RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = g || new $root.vegafusion.v1.RenderTask();
                while (r.pos < c) {
                    var s = r.pos;
                    var t = r.tag();
                    if (t === z) {
                        z = $undefined;
                        break;
                    }
                    var u = t & 7;
                    switch (t >>>= 3) {
                    case 1: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.source = v;
                            else
                                delete m.source;
                            continue;
                        }
                    case 2: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.markJson = v;
                            else
                                delete m.markJson;
                            continue;
                        }
                    }
                    r.skipType(u, q, t);
                    if (!r.discardUnknown) {
                        $util.makeProp(m, "$unknowns", false);
                        (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                    }
                }
                if (l !== $undefined) {
                    if (r.pos !== c)
                        throw $RangeError("index out of range");
                    r.len = l;
                }
                if (z !== $undefined)
                    throw $Error("missing end group");
                return m;
            };

            /**
             * Gets the type url for RenderTask
             * @function getTypeUrl
             * @memberof vegafusion.v1.RenderTask
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            RenderTask.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/vegafusion.v1.RenderTask";
            };

            return RenderTask;
        })();

        v1.Task = (function() {

            /**
             * Properties of a Task.
             * @typedef {Object} vegafusion.v1.Task.$Properties
             * @property {vegafusion.v1.TaskValue.$Properties|null} [value] Task value
             * @property {vegafusion.v1.DataUrlTask.$Properties|null} [url] Task url
             * @property {vegafusion.v1.DataValuesTask.$Properties|null} [values] Task values
             * @property {vegafusion.v1.DataSourceTask.$Properties|null} [source] Task source
             * @property {vegafusion.v1.SignalTask.$Properties|null} [signal] Task signal
             * @property {vegafusion.v1.RenderTask.$Properties|null} [render] Task render
             * @property {"value"|"url"|"values"|"source"|"signal"|"render"} [kind] Task kind
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Task.
             * @memberof vegafusion.v1
             * @interface ITask
             * @augments vegafusion.v1.Task.$Properties
             * @deprecated Use vegafusion.v1.Task.$Properties instead.
             */

            /**
             * Narrowed shape of a Task.
             * @typedef {{
             *   value?: vegafusion.v1.TaskValue.$Shape|null;
             *   url?: vegafusion.v1.DataUrlTask.$Shape|null;
             *   values?: vegafusion.v1.DataValuesTask.$Shape|null;
             *   source?: vegafusion.v1.DataSourceTask.$Shape|null;
             *   signal?: vegafusion.v1.SignalTask.$Shape|null;
             *   render?: vegafusion.v1.RenderTask.$Shape|null;
             *   $unknowns?: Array.<Uint8Array>;
             * } & (
             *   ({ kind?: undefined; value?: null; url?: null; values?: null; source?: null; signal?: null; render?: null }|{ kind?: "value"; value: vegafusion.v1.TaskValue.$Shape; url?: null; values?: null; source?: null; signal?: null; render?: null }|{ kind?: "url"; value?: null; url: vegafusion.v1.DataUrlTask.$Shape; values?: null; source?: null; signal?: null; render?: null }|{ kind?: "values"; value?: null; url?: null; values: vegafusion.v1.DataValuesTask.$Shape; source?: null; signal?: null; render?: null }|{ kind?: "source"; value?: null; url?: null; values?: null; source: vegafusion.v1.DataSourceTask.$Shape; signal?: null; render?: null }|{ kind?: "signal"; value?: null; url?: null; values?: null; source?: null; signal: vegafusion.v1.SignalTask.$Shape; render?: null }|{ kind?: "render"; value?: null; url?: null; values?: null; source?: null; signal?: null; render: vegafusion.v1.RenderTask.$Shape })
             * )} vegafusion.v1.Task.$Shape
             */

            /**
             * Constructs a new Task.
             * @memberof vegafusion.v1
             * @classdesc Represents a Task.
             * @constructor
             * @param {vegafusion.v1.Task.$Properties=} [p] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Task = function (p) {
                if (p)
                    for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            };

            /**
             * Task value.
             * @member {vegafusion.v1.TaskValue.$Properties|null|undefined} value
             * @memberof vegafusion.v1.Task
             * @instance
             */
            Task.prototype.value = null;

            /**
             * Task url.
             * @member {vegafusion.v1.DataUrlTask.$Properties|null|undefined} url
             * @memberof vegafusion.v1.Task
             * @instance
             */
            Task.prototype.url = null;

            /**
             * Task values.
             * @member {vegafusion.v1.DataValuesTask.$Properties|null|undefined} values
             * @memberof vegafusion.v1.Task
             * @instance
             */
            Task.prototype.values = null;

            /**
             * Task source.
             * @member {vegafusion.v1.DataSourceTask.$Properties|null|undefined} source
             * @memberof vegafusion.v1.Task
             * @instance
             */
            Task.prototype.source = null;

            /**
             * Task signal.
             * @member {vegafusion.v1.SignalTask.$Properties|null|undefined} signal
             * @memberof vegafusion.v1.Task
             * @instance
             */
            Task.prototype.signal = null;

            /**
             * Task render.
             * @member {vegafusion.v1.RenderTask.$Properties|null|undefined} render
             * @memberof vegafusion.v1.Task
             * @instance
             */
            Task.prototype.render = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            /**
             * Task kind.
             * @member {"value"|"url"|"values"|"source"|"signal"|"render"|undefined} kind
             * @memberof vegafusion.v1.Task
             * @instance
             */
            $Object.defineProperty(Task.prototype, "kind", {
                get: $util.oneOfGetter($oneOfFields = ["value", "url", "values", "source", "signal", "render"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new Task instance using the specified properties.
             * @function create
             * @memberof vegafusion.v1.Task
             * @static
             * @param {vegafusion.v1.Task.$Properties=} [properties] Properties to set
             * @returns {vegafusion.v1.Task} Task instance
             * @type {{
             *   (properties: vegafusion.v1.Task.$Shape): vegafusion.v1.Task & vegafusion.v1.Task.$Shape;
             *   (properties?: vegafusion.v1.Task.$Properties): vegafusion.v1.Task;
             * }}
             */
            Task.create = function(properties) {
                return new Task(properties);
            };

            /**
             * Encodes the specified Task message. Does not implicitly {@link vegafusion.v1.Task.verify|verify} messages.
             * @function encode
             * @memberof vegafusion.v1.Task
             * @static
             * @param {vegafusion.v1.Task.$Properties} m Task message or plain object to encode
             * @param {$protobuf.Writer} [w] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Task.encode = function (m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (m.value != null && $Object.hasOwnProperty.call(m, "value"))
                    $root.vegafusion.v1.TaskValue.encode(m.value, w.uint32(/* id 1, wireType 2 =*/10).fork(), q + 1).ldelim();
                if (m.url != null && $Object.hasOwnProperty.call(m, "url"))
                    $root.vegafusion.v1.DataUrlTask.encode(m.url, w.uint32(/* id 2, wireType 2 =*/18).fork(), q + 1).ldelim();
                if (m.values != null && $Object.hasOwnProperty.call(m, "values"))
                    $root.vegafusion.v1.DataValuesTask.encode(m.values, w.uint32(/* id 3, wireType 2 =*/26).fork(), q + 1).ldelim();
                if (m.source != null && $Object.hasOwnProperty.call(m, "source"))
                    $root.vegafusion.v1.DataSourceTask.encode(m.source, w.uint32(/* id 4, wireType 2 =*/34).fork(), q + 1).ldelim();
                if (m.signal != null && $Object.hasOwnProperty.call(m, "signal"))
                    $root.vegafusion.v1.SignalTask.encode(m.signal, w.uint32(/* id 5, wireType 2 =*/42).fork(), q + 1).ldelim();
                if (m.render != null && $Object.hasOwnProperty.call(m, "render"))
                    $root.vegafusion.v1.RenderTask.encode(m.render, w.uint32(/* id 6, wireType 2 =*/50).fork(), q + 1).ldelim();
                if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                    for (var i = 0; i < m.$unknowns.length; ++i)
                        w.raw(m.$unknowns[i]);
                return w;
            };

            /**
             * Decodes a Task message from the specified reader or buffer.
             * @function decode
             * @memberof vegafusion.v1.Task
             * @static
             * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
             * @param {number} [l] Message length if known beforehand
             * @returns {vegafusion.v1.Task & vegafusion.v1.Task.$Shape} Task
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Task.decode = function (r, l, z, q, g) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (q === $undefined)
                    q = 0;
                if (q > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var c, m;
                if (l === $undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw $RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = g || new $root.vegafusion.v1.Task();
                while (r.pos < c) {
                    var s = r.pos;
                    var t = r.tag();
                    if (t === z) {
                        z = $undefined;
                        break;
                    }
                    var u = t & 7;
                    switch (t >>>= 3) {
                    case 1: {
                            if (u !== 2)
                                break;
                            m.value = $root.vegafusion.v1.TaskValue.decode(r, r.size(), $undefined, q + 1, m.value);
                            m.kind = "value";
                            continue;
                        }
                    case 2: {
                            if (u !== 2)
                                break;
                            m.url = $root.vegafusion.v1.DataUrlTask.decode(r, r.size(), $undefined, q + 1, m.url);
                            m.kind = "url";
                            continue;
                        }
                    case 3: {
                            if (u !== 2)
                                break;
                            m.values = $root.vegafusion.v1.DataValuesTask.decode(r, r.size(), $undefined, q + 1, m.values);
                            m.kind = "values";
                            continue;
                        }
                    case 4: {
                            if (u !== 2)
                                break;
                            m.source = $root.vegafusion.v1.DataSourceTask.decode(r, r.size(), $undefined, q + 1, m.source);
                            m.kind = "source";
                            continue;
                        }
                    case 5: {
                            if (u !== 2)
                                break;
                            m.signal = $root.vegafusion.v1.SignalTask.decode(r, r.size(), $undefined, q + 1, m.signal);
                            m.kind = "signal";
                            continue;
                        }
                    case 6: {
                            if (u !== 2)
                                break;
                            m.render = $root.vegafusion.v1.RenderTask.decode(r, r.size(), $undefined, q + 1, m.render);
                            m.kind = "render";
                            continue;
                        }
                    }
                    r.skipType(u, q, t);
                    if (!r.discardUnknown) {
                        $util.makeProp(m, "$unknowns", false);
                        (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                    }
                }
                if (l !== $undefined) {
                    if (r.pos !== c)
                        throw $RangeError("index out of range");
                    r.len = l;
                }
                if (z !== $undefined)
                    throw $Error("missing end group");
                return m;
            };

            /**
             * Gets the type url for Task
             * @function getTypeUrl
             * @memberof vegafusion.v1.Task
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Task.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/vegafusion.v1.Task";
            };

            return Task;
        })();

        v1.TaskNode = (function() {

            /**
             * Properties of a TaskNode.
             * @typedef {Object} vegafusion.v1.TaskNode.$Properties
             * @property {vegafusion.v1.Variable.$Properties|null} [variable] TaskNode variable
             * @property {Array.<number>|null} [scope] TaskNode scope
             * @property {vegafusion.v1.Task.$Properties|null} [task] TaskNode task
             * @property {Array.<number>|null} [parents] TaskNode parents
             * @property {Array.<vegafusion.v1.Variable.$Properties>|null} [outputs] TaskNode outputs
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a TaskNode.
             * @memberof vegafusion.v1
             * @interface ITaskNode
             * @augments vegafusion.v1.TaskNode.$Properties
             * @deprecated Use vegafusion.v1.TaskNode.$Properties instead.
             */

            /**
             * Shape of a TaskNode.
             * @typedef {{
             *   variable?: vegafusion.v1.Variable.$Shape|null;
             *   scope?: Array.<number>|null;
             *   task?: vegafusion.v1.Task.$Shape|null;
             *   parents?: Array.<number>|null;
             *   outputs?: Array.<vegafusion.v1.Variable.$Shape>|null;
             *   $unknowns?: Array.<Uint8Array>;
             * }} vegafusion.v1.TaskNode.$Shape
             */

            /**
             * Constructs a new TaskNode.
             * @memberof vegafusion.v1
             * @classdesc Represents a TaskNode.
             * @constructor
             * @param {vegafusion.v1.TaskNode.$Properties=} [p] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const TaskNode = function (p) {
                this.scope = [];
                this.parents = [];
                this.outputs = [];
                if (p)
                    for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            };

            /**
             * TaskNode variable.
             * @member {vegafusion.v1.Variable.$Properties|null|undefined} variable
             * @memberof vegafusion.v1.TaskNode
             * @instance
             */
            TaskNode.prototype.variable = null;

            /**
             * TaskNode scope.
             * @member {Array.<number>} scope
             * @memberof vegafusion.v1.TaskNode
             * @instance
             */
            TaskNode.prototype.scope = $util.emptyArray;

            /**
             * TaskNode task.
             * @member {vegafusion.v1.Task.$Properties|null|undefined} task
             * @memberof vegafusion.v1.TaskNode
             * @instance
             */
            TaskNode.prototype.task = null;

            /**
             * TaskNode parents.
             * @member {Array.<number>} parents
             * @memberof vegafusion.v1.TaskNode
             * @instance
             */
            TaskNode.prototype.parents = $util.emptyArray;

            /**
             * TaskNode outputs.
             * @member {Array.<vegafusion.v1.Variable.$Properties>} outputs
             * @memberof vegafusion.v1.TaskNode
             * @instance
             */
            TaskNode.prototype.outputs = $util.emptyArray;

            /**
             * Creates a new TaskNode instance using the specified properties.
             * @function create
             * @memberof vegafusion.v1.TaskNode
             * @static
             * @param {vegafusion.v1.TaskNode.$Properties=} [properties] Properties to set
             * @returns {vegafusion.v1.TaskNode} TaskNode instance
             * @type {{
             *   (properties: vegafusion.v1.TaskNode.$Shape): vegafusion.v1.TaskNode & vegafusion.v1.TaskNode.$Shape;
             *   (properties?: vegafusion.v1.TaskNode.$Properties): vegafusion.v1.TaskNode;
             * }}
             */
            TaskNode.create = function(properties) {
                return new TaskNode(properties);
            };

            /**
             * Encodes the specified TaskNode message. Does not implicitly {@link vegafusion.v1.TaskNode.verify|verify} messages.
             * @function encode
             * @memberof vegafusion.v1.TaskNode
             * @static
             * @param {vegafusion.v1.TaskNode.$Properties} m TaskNode message or plain object to encode
             * @param {$protobuf.Writer} [w] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            TaskNode.encode = function (m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (m.variable != null && $Object.hasOwnProperty.call(m, "variable"))
                    $root.vegafusion.v1.Variable.encode(m.variable, w.uint32(/* id 1, wireType 2 =*/10).fork(), q + 1).ldelim();
                if (m.scope != null && m.scope.length) {
                    w.uint32(/* id 2, wireType 2 =*/18).uint32s(m.scope);
                }
                if (m.task != null && $Object.hasOwnProperty.call(m, "task"))
                    $root.vegafusion.v1.Task.encode(m.task, w.uint32(/* id 3, wireType 2 =*/26).fork(), q + 1).ldelim();
                if (m.parents != null && m.parents.length) {
                    w.uint32(/* id 4, wireType 2 =*/34).uint32s(m.parents);
                }
                if (m.outputs != null && m.outputs.length) {
                    for (var i = 0; i < m.outputs.length; ++i)
                        $root.vegafusion.v1.Variable.encode(m.outputs[i], w.uint32(/* id 5, wireType 2 =*/42).fork(), q + 1).ldelim();
                }
                if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                    for (var i = 0; i < m.$unknowns.length; ++i)
                        w.raw(m.$unknowns[i]);
                return w;
            };

            /**
             * Decodes a TaskNode message from the specified reader or buffer.
             * @function decode
             * @memberof vegafusion.v1.TaskNode
             * @static
             * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
             * @param {number} [l] Message length if known beforehand
             * @returns {vegafusion.v1.TaskNode & vegafusion.v1.TaskNode.$Shape} TaskNode
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            TaskNode.decode = function (r, l, z, q, g) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (q === $undefined)
                    q = 0;
                if (q > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var c, m, v;
                if (l === $undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw $RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = g || new $root.vegafusion.v1.TaskNode();
                while (r.pos < c) {
                    var s = r.pos;
                    var t = r.tag();
                    if (t === z) {
                        z = $undefined;
                        break;
                    }
                    var u = t & 7;
                    switch (t >>>= 3) {
                    case 1: {
                            if (u !== 2)
                                break;
                            m.variable = $root.vegafusion.v1.Variable.decode(r, r.size(), $undefined, q + 1, m.variable);
                            continue;
                        }
                    case 2: {
                            if (u === 2) {
                                if (!(m.scope && m.scope.length))
                                    m.scope = [];
                                r.uint32s(m.scope);
                                continue;
                            }
                            if (u !== 0)
                                break;
                            if (!(m.scope && m.scope.length))
                                m.scope = [];
                            m.scope.push(r.uint32());
                            continue;
                        }
                    case 3: {
                            if (u !== 2)
                                break;
                            m.task = $root.vegafusion.v1.Task.decode(r, r.size(), $undefined, q + 1, m.task);
                            continue;
                        }
                    case 4: {
                            if (u === 2) {
                                if (!(m.parents && m.parents.length))
                                    m.parents = [];
                                r.uint32s(m.parents);
                                continue;
                            }
                            if (u !== 0)
                                break;
                            if (!(m.parents && m.parents.length))
                                m.parents = [];
                            m.parents.push(r.uint32());
                            continue;
                        }
                    case 5: {
                            if (u !== 2)
                                break;
                            if (!(m.outputs && m.outputs.length))
                                m.outputs = [];
                            m.outputs.push($root.vegafusion.v1.Variable.decode(r, r.size(), $undefined, q + 1));
                            continue;
                        }
                    }
                    r.skipType(u, q, t);
                    if (!r.discardUnknown) {
                        $util.makeProp(m, "$unknowns", false);
                        (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                    }
                }
                if (l !== $undefined) {
                    if (r.pos !== c)
                        throw $RangeError("index out of range");
                    r.len = l;
                }
                if (z !== $undefined)
                    throw $Error("missing end group");
                return m;
            };

            /**
             * Gets the type url for TaskNode
             * @function getTypeUrl
             * @memberof vegafusion.v1.TaskNode
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            TaskNode.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/vegafusion.v1.TaskNode";
            };

            return TaskNode;
        })();

        v1.TaskGraph = (function() {

            /**
             * Properties of a TaskGraph.
             * @typedef {Object} vegafusion.v1.TaskGraph.$Properties
             * @property {Array.<vegafusion.v1.TaskNode.$Properties>|null} [nodes] TaskGraph nodes
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a TaskGraph.
             * @memberof vegafusion.v1
             * @interface ITaskGraph
             * @augments vegafusion.v1.TaskGraph.$Properties
             * @deprecated Use vegafusion.v1.TaskGraph.$Properties instead.
             */

            /**
             * Shape of a TaskGraph.
             * @typedef {{
             *   nodes?: Array.<vegafusion.v1.TaskNode.$Shape>|null;
             *   $unknowns?: Array.<Uint8Array>;
             * }} vegafusion.v1.TaskGraph.$Shape
             */

            /**
             * Constructs a new TaskGraph.
             * @memberof vegafusion.v1
             * @classdesc Represents a TaskGraph.
             * @constructor
             * @param {vegafusion.v1.TaskGraph.$Properties=} [p] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const TaskGraph = function (p) {
                this.nodes = [];
                if (p)
                    for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            };

            /**
             * TaskGraph nodes.
             * @member {Array.<vegafusion.v1.TaskNode.$Properties>} nodes
             * @memberof vegafusion.v1.TaskGraph
             * @instance
             */
            TaskGraph.prototype.nodes = $util.emptyArray;

            /**
             * Creates a new TaskGraph instance using the specified properties.
             * @function create
             * @memberof vegafusion.v1.TaskGraph
             * @static
             * @param {vegafusion.v1.TaskGraph.$Properties=} [properties] Properties to set
             * @returns {vegafusion.v1.TaskGraph} TaskGraph instance
             * @type {{
             *   (properties: vegafusion.v1.TaskGraph.$Shape): vegafusion.v1.TaskGraph & vegafusion.v1.TaskGraph.$Shape;
             *   (properties?: vegafusion.v1.TaskGraph.$Properties): vegafusion.v1.TaskGraph;
             * }}
             */
            TaskGraph.create = function(properties) {
                return new TaskGraph(properties);
            };

            /**
             * Encodes the specified TaskGraph message. Does not implicitly {@link vegafusion.v1.TaskGraph.verify|verify} messages.
             * @function encode
             * @memberof vegafusion.v1.TaskGraph
             * @static
             * @param {vegafusion.v1.TaskGraph.$Properties} m TaskGraph message or plain object to encode
             * @param {$protobuf.Writer} [w] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            TaskGraph.encode = function (m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (m.nodes != null && m.nodes.length) {
                    for (var i = 0; i < m.nodes.length; ++i)
                        $root.vegafusion.v1.TaskNode.encode(m.nodes[i], w.uint32(/* id 1, wireType 2 =*/10).fork(), q + 1).ldelim();
                }
                if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                    for (var i = 0; i < m.$unknowns.length; ++i)
                        w.raw(m.$unknowns[i]);
                return w;
            };

            /**
             * Decodes a TaskGraph message from the specified reader or buffer.
             * @function decode
             * @memberof vegafusion.v1.TaskGraph
             * @static
             * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
             * @param {number} [l] Message length if known beforehand
             * @returns {vegafusion.v1.TaskGraph & vegafusion.v1.TaskGraph.$Shape} TaskGraph
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            TaskGraph.decode = function (r, l, z, q, g) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (q === $undefined)
                    q = 0;
                if (q > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var c, m;
                if (l === $undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw $RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = g || new $root.vegafusion.v1.TaskGraph();
                while (r.pos < c) {
                    var s = r.pos;
                    var t = r.tag();
                    if (t === z) {
                        z = $undefined;
                        break;
                    }
                    var u = t & 7;
                    switch (t >>>= 3) {
                    case 1: {
                            if (u !== 2)
                                break;
                            if (!(m.nodes && m.nodes.length))
                                m.nodes = [];
                            m.nodes.push($root.vegafusion.v1.TaskNode.decode(r, r.size(), $undefined, q + 1));
                            continue;
                        }
                    }
                    r.skipType(u, q, t);
                    if (!r.discardUnknown) {
                        $util.makeProp(m, "$unknowns", false);
                        (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                    }
                }
                if (l !== $undefined) {
                    if (r.pos !== c)
                        throw $RangeError("index out of range");
                    r.len = l;
                }
                if (z !== $undefined)
                    throw $Error("missing end group");
                return m;
            };

            /**
             * Gets the type url for TaskGraph
             * @function getTypeUrl
             * @memberof vegafusion.v1.TaskGraph
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            TaskGraph.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/vegafusion.v1.TaskGraph";
            };

            return TaskGraph;
        })();

        v1.QueryItem = (function() {

            /**
             * Properties of a QueryItem.
             * @typedef {Object} vegafusion.v1.QueryItem.$Properties
             * @property {number|null} [node] QueryItem node
             * @property {boolean|null} [signalsOnly] QueryItem signalsOnly
             * @property {Array.<string>|null} [columns] QueryItem columns
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a QueryItem.
             * @memberof vegafusion.v1
             * @interface IQueryItem
             * @augments vegafusion.v1.QueryItem.$Properties
             * @deprecated Use vegafusion.v1.QueryItem.$Properties instead.
             */

            /**
             * Shape of a QueryItem.
             * @typedef {vegafusion.v1.QueryItem.$Properties} vegafusion.v1.QueryItem.$Shape
             */

            /**
             * Constructs a new QueryItem.
             * @memberof vegafusion.v1
             * @classdesc Represents a QueryItem.
             * @constructor
             * @param {vegafusion.v1.QueryItem.$Properties=} [p] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const QueryItem = function (p) {
                this.columns = [];
                if (p)
                    for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            };

            /**
             * QueryItem node.
             * @member {number} node
             * @memberof vegafusion.v1.QueryItem
             * @instance
             */
            QueryItem.prototype.node = 0;

            /**
             * QueryItem signalsOnly.
             * @member {boolean} signalsOnly
             * @memberof vegafusion.v1.QueryItem
             * @instance
             */
            QueryItem.prototype.signalsOnly = false;

            /**
             * QueryItem columns.
             * @member {Array.<string>} columns
             * @memberof vegafusion.v1.QueryItem
             * @instance
             */
            QueryItem.prototype.columns = $util.emptyArray;

            /**
             * Creates a new QueryItem instance using the specified properties.
             * @function create
             * @memberof vegafusion.v1.QueryItem
             * @static
             * @param {vegafusion.v1.QueryItem.$Properties=} [properties] Properties to set
             * @returns {vegafusion.v1.QueryItem} QueryItem instance
             * @type {{
             *   (properties: vegafusion.v1.QueryItem.$Shape): vegafusion.v1.QueryItem & vegafusion.v1.QueryItem.$Shape;
             *   (properties?: vegafusion.v1.QueryItem.$Properties): vegafusion.v1.QueryItem;
             * }}
             */
            QueryItem.create = function(properties) {
                return new QueryItem(properties);
            };

            /**
             * Encodes the specified QueryItem message. Does not implicitly {@link vegafusion.v1.QueryItem.verify|verify} messages.
             * @function encode
             * @memberof vegafusion.v1.QueryItem
             * @static
             * @param {vegafusion.v1.QueryItem.$Properties} m QueryItem message or plain object to encode
             * @param {$protobuf.Writer} [w] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            QueryItem.encode = function (m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (m.node != null && $Object.hasOwnProperty.call(m, "node") && m.node !== 0)
                    w.uint32(/* id 1, wireType 0 =*/8).uint32(m.node);
                if (m.signalsOnly != null && $Object.hasOwnProperty.call(m, "signalsOnly") && m.signalsOnly !== false)
                    w.uint32(/* id 2, wireType 0 =*/16).bool(m.signalsOnly);
                if (m.columns != null && m.columns.length) {
                    for (var i = 0; i < m.columns.length; ++i)
                        w.uint32(/* id 3, wireType 2 =*/26).string(m.columns[i]);
                }
                if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                    for (var i = 0; i < m.$unknowns.length; ++i)
                        w.raw(m.$unknowns[i]);
                return w;
            };

            /**
             * Decodes a QueryItem message from the specified reader or buffer.
             * @function decode
             * @memberof vegafusion.v1.QueryItem
             * @static
             * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
             * @param {number} [l] Message length if known beforehand
             * @returns {vegafusion.v1.QueryItem & vegafusion.v1.QueryItem.$Shape} QueryItem
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            QueryItem.decode = function (r, l, z, q, g) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (q === $undefined)
                    q = 0;
                if (q > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var c, m, v;
                if (l === $undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw $RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = g || new $root.vegafusion.v1.QueryItem();
                while (r.pos < c) {
                    var s = r.pos;
                    var t = r.tag();
                    if (t === z) {
                        z = $undefined;
                        break;
                    }
                    var u = t & 7;
                    switch (t >>>= 3) {
                    case 1: {
                            if (u !== 0)
                                break;
                            if (v = r.uint32())
                                m.node = v;
                            else
                                delete m.node;
                            continue;
                        }
                    case 2: {
                            if (u !== 0)
                                break;
                            if (v = r.bool())
                                m.signalsOnly = v;
                            else
                                delete m.signalsOnly;
                            continue;
                        }
                    case 3: {
                            if (u !== 2)
                                break;
                            if (!(m.columns && m.columns.length))
                                m.columns = [];
                            m.columns.push(r.stringVerify());
                            continue;
                        }
                    }
                    r.skipType(u, q, t);
                    if (!r.discardUnknown) {
                        $util.makeProp(m, "$unknowns", false);
                        (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                    }
                }
                if (l !== $undefined) {
                    if (r.pos !== c)
                        throw $RangeError("index out of range");
                    r.len = l;
                }
                if (z !== $undefined)
                    throw $Error("missing end group");
                return m;
            };

            /**
             * Gets the type url for QueryItem
             * @function getTypeUrl
             * @memberof vegafusion.v1.QueryItem
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            QueryItem.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/vegafusion.v1.QueryItem";
            };

            return QueryItem;
        })();

        v1.SelectionHint = (function() {

            /**
             * Properties of a SelectionHint.
             * @typedef {Object} vegafusion.v1.SelectionHint.$Properties
             * @property {string|null} [store] SelectionHint store
             * @property {Array.<string>|null} [fields] SelectionHint fields
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a SelectionHint.
             * @memberof vegafusion.v1
             * @interface ISelectionHint
             * @augments vegafusion.v1.SelectionHint.$Properties
             * @deprecated Use vegafusion.v1.SelectionHint.$Properties instead.
             */

            /**
             * Shape of a SelectionHint.
             * @typedef {vegafusion.v1.SelectionHint.$Properties} vegafusion.v1.SelectionHint.$Shape
             */

            /**
             * Constructs a new SelectionHint.
             * @memberof vegafusion.v1
             * @classdesc Represents a SelectionHint.
             * @constructor
             * @param {vegafusion.v1.SelectionHint.$Properties=} [p] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const SelectionHint = function (p) {
                this.fields = [];
                if (p)
                    for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            };

            /**
             * SelectionHint store.
             * @member {string} store
             * @memberof vegafusion.v1.SelectionHint
             * @instance
             */
            SelectionHint.prototype.store = "";

            /**
             * SelectionHint fields.
             * @member {Array.<string>} fields
             * @memberof vegafusion.v1.SelectionHint
             * @instance
             */
            SelectionHint.prototype.fields = $util.emptyArray;

            /**
             * Creates a new SelectionHint instance using the specified properties.
             * @function create
             * @memberof vegafusion.v1.SelectionHint
             * @static
             * @param {vegafusion.v1.SelectionHint.$Properties=} [properties] Properties to set
             * @returns {vegafusion.v1.SelectionHint} SelectionHint instance
             * @type {{
             *   (properties: vegafusion.v1.SelectionHint.$Shape): vegafusion.v1.SelectionHint & vegafusion.v1.SelectionHint.$Shape;
             *   (properties?: vegafusion.v1.SelectionHint.$Properties): vegafusion.v1.SelectionHint;
             * }}
             */
            SelectionHint.create = function(properties) {
                return new SelectionHint(properties);
            };

            /**
             * Encodes the specified SelectionHint message. Does not implicitly {@link vegafusion.v1.SelectionHint.verify|verify} messages.
             * @function encode
             * @memberof vegafusion.v1.SelectionHint
             * @static
             * @param {vegafusion.v1.SelectionHint.$Properties} m SelectionHint message or plain object to encode
             * @param {$protobuf.Writer} [w] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            SelectionHint.encode = function (m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (m.store != null && $Object.hasOwnProperty.call(m, "store") && m.store !== "")
                    w.uint32(/* id 1, wireType 2 =*/10).string(m.store);
                if (m.fields != null && m.fields.length) {
                    for (var i = 0; i < m.fields.length; ++i)
                        w.uint32(/* id 2, wireType 2 =*/18).string(m.fields[i]);
                }
                if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                    for (var i = 0; i < m.$unknowns.length; ++i)
                        w.raw(m.$unknowns[i]);
                return w;
            };

            /**
             * Decodes a SelectionHint message from the specified reader or buffer.
             * @function decode
             * @memberof vegafusion.v1.SelectionHint
             * @static
             * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
             * @param {number} [l] Message length if known beforehand
             * @returns {vegafusion.v1.SelectionHint & vegafusion.v1.SelectionHint.$Shape} SelectionHint
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            SelectionHint.decode = function (r, l, z, q, g) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (q === $undefined)
                    q = 0;
                if (q > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var c, m, v;
                if (l === $undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw $RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = g || new $root.vegafusion.v1.SelectionHint();
                while (r.pos < c) {
                    var s = r.pos;
                    var t = r.tag();
                    if (t === z) {
                        z = $undefined;
                        break;
                    }
                    var u = t & 7;
                    switch (t >>>= 3) {
                    case 1: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.store = v;
                            else
                                delete m.store;
                            continue;
                        }
                    case 2: {
                            if (u !== 2)
                                break;
                            if (!(m.fields && m.fields.length))
                                m.fields = [];
                            m.fields.push(r.stringVerify());
                            continue;
                        }
                    }
                    r.skipType(u, q, t);
                    if (!r.discardUnknown) {
                        $util.makeProp(m, "$unknowns", false);
                        (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                    }
                }
                if (l !== $undefined) {
                    if (r.pos !== c)
                        throw $RangeError("index out of range");
                    r.len = l;
                }
                if (z !== $undefined)
                    throw $Error("missing end group");
                return m;
            };

            /**
             * Gets the type url for SelectionHint
             * @function getTypeUrl
             * @memberof vegafusion.v1.SelectionHint
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            SelectionHint.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/vegafusion.v1.SelectionHint";
            };

            return SelectionHint;
        })();

        v1.Query = (function() {

            /**
             * Properties of a Query.
             * @typedef {Object} vegafusion.v1.Query.$Properties
             * @property {number|null} [requestId] Query requestId
             * @property {vegafusion.v1.TaskGraph.$Properties|null} [graph] Query graph
             * @property {Array.<vegafusion.v1.QueryItem.$Properties>|null} [items] Query items
             * @property {string|null} [timeZone] Query timeZone
             * @property {Array.<vegafusion.v1.SelectionHint.$Properties>|null} [selectionHints] Query selectionHints
             * @property {boolean|null} [arrowFrames] Query arrowFrames
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Query.
             * @memberof vegafusion.v1
             * @interface IQuery
             * @augments vegafusion.v1.Query.$Properties
             * @deprecated Use vegafusion.v1.Query.$Properties instead.
             */

            /**
             * Shape of a Query.
             * @typedef {{
             *   requestId?: number|null;
             *   graph?: vegafusion.v1.TaskGraph.$Shape|null;
             *   items?: Array.<vegafusion.v1.QueryItem.$Shape>|null;
             *   timeZone?: string|null;
             *   selectionHints?: Array.<vegafusion.v1.SelectionHint.$Shape>|null;
             *   arrowFrames?: boolean|null;
             *   $unknowns?: Array.<Uint8Array>;
             * }} vegafusion.v1.Query.$Shape
             */

            /**
             * Constructs a new Query.
             * @memberof vegafusion.v1
             * @classdesc Represents a Query.
             * @constructor
             * @param {vegafusion.v1.Query.$Properties=} [p] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Query = function (p) {
                this.items = [];
                this.selectionHints = [];
                if (p)
                    for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            };

            /**
             * Query requestId.
             * @member {number} requestId
             * @memberof vegafusion.v1.Query
             * @instance
             */
            Query.prototype.requestId = 0;

            /**
             * Query graph.
             * @member {vegafusion.v1.TaskGraph.$Properties|null|undefined} graph
             * @memberof vegafusion.v1.Query
             * @instance
             */
            Query.prototype.graph = null;

            /**
             * Query items.
             * @member {Array.<vegafusion.v1.QueryItem.$Properties>} items
             * @memberof vegafusion.v1.Query
             * @instance
             */
            Query.prototype.items = $util.emptyArray;

            /**
             * Query timeZone.
             * @member {string} timeZone
             * @memberof vegafusion.v1.Query
             * @instance
             */
            Query.prototype.timeZone = "";

            /**
             * Query selectionHints.
             * @member {Array.<vegafusion.v1.SelectionHint.$Properties>} selectionHints
             * @memberof vegafusion.v1.Query
             * @instance
             */
            Query.prototype.selectionHints = $util.emptyArray;

            /**
             * Query arrowFrames.
             * @member {boolean} arrowFrames
             * @memberof vegafusion.v1.Query
             * @instance
             */
            Query.prototype.arrowFrames = false;

            /**
             * Creates a new Query instance using the specified properties.
             * @function create
             * @memberof vegafusion.v1.Query
             * @static
             * @param {vegafusion.v1.Query.$Properties=} [properties] Properties to set
             * @returns {vegafusion.v1.Query} Query instance
             * @type {{
             *   (properties: vegafusion.v1.Query.$Shape): vegafusion.v1.Query & vegafusion.v1.Query.$Shape;
             *   (properties?: vegafusion.v1.Query.$Properties): vegafusion.v1.Query;
             * }}
             */
            Query.create = function(properties) {
                return new Query(properties);
            };

            /**
             * Encodes the specified Query message. Does not implicitly {@link vegafusion.v1.Query.verify|verify} messages.
             * @function encode
             * @memberof vegafusion.v1.Query
             * @static
             * @param {vegafusion.v1.Query.$Properties} m Query message or plain object to encode
             * @param {$protobuf.Writer} [w] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Query.encode = function (m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (m.requestId != null && $Object.hasOwnProperty.call(m, "requestId") && m.requestId !== 0)
                    w.uint32(/* id 1, wireType 0 =*/8).uint32(m.requestId);
                if (m.graph != null && $Object.hasOwnProperty.call(m, "graph"))
                    $root.vegafusion.v1.TaskGraph.encode(m.graph, w.uint32(/* id 2, wireType 2 =*/18).fork(), q + 1).ldelim();
                if (m.items != null && m.items.length) {
                    for (var i = 0; i < m.items.length; ++i)
                        $root.vegafusion.v1.QueryItem.encode(m.items[i], w.uint32(/* id 3, wireType 2 =*/26).fork(), q + 1).ldelim();
                }
                if (m.timeZone != null && $Object.hasOwnProperty.call(m, "timeZone") && m.timeZone !== "")
                    w.uint32(/* id 4, wireType 2 =*/34).string(m.timeZone);
                if (m.selectionHints != null && m.selectionHints.length) {
                    for (var i = 0; i < m.selectionHints.length; ++i)
                        $root.vegafusion.v1.SelectionHint.encode(m.selectionHints[i], w.uint32(/* id 5, wireType 2 =*/42).fork(), q + 1).ldelim();
                }
                if (m.arrowFrames != null && $Object.hasOwnProperty.call(m, "arrowFrames") && m.arrowFrames !== false)
                    w.uint32(/* id 6, wireType 0 =*/48).bool(m.arrowFrames);
                if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                    for (var i = 0; i < m.$unknowns.length; ++i)
                        w.raw(m.$unknowns[i]);
                return w;
            };

            /**
             * Decodes a Query message from the specified reader or buffer.
             * @function decode
             * @memberof vegafusion.v1.Query
             * @static
             * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
             * @param {number} [l] Message length if known beforehand
             * @returns {vegafusion.v1.Query & vegafusion.v1.Query.$Shape} Query
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Query.decode = function (r, l, z, q, g) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (q === $undefined)
                    q = 0;
                if (q > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var c, m, v;
                if (l === $undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw $RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = g || new $root.vegafusion.v1.Query();
                while (r.pos < c) {
                    var s = r.pos;
                    var t = r.tag();
                    if (t === z) {
                        z = $undefined;
                        break;
                    }
                    var u = t & 7;
                    switch (t >>>= 3) {
                    case 1: {
                            if (u !== 0)
                                break;
                            if (v = r.uint32())
                                m.requestId = v;
                            else
                                delete m.requestId;
                            continue;
                        }
                    case 2: {
                            if (u !== 2)
                                break;
                            m.graph = $root.vegafusion.v1.TaskGraph.decode(r, r.size(), $undefined, q + 1, m.graph);
                            continue;
                        }
                    case 3: {
                            if (u !== 2)
                                break;
                            if (!(m.items && m.items.length))
                                m.items = [];
                            m.items.push($root.vegafusion.v1.QueryItem.decode(r, r.size(), $undefined, q + 1));
                            continue;
                        }
                    case 4: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.timeZone = v;
                            else
                                delete m.timeZone;
                            continue;
                        }
                    case 5: {
                            if (u !== 2)
                                break;
                            if (!(m.selectionHints && m.selectionHints.length))
                                m.selectionHints = [];
                            m.selectionHints.push($root.vegafusion.v1.SelectionHint.decode(r, r.size(), $undefined, q + 1));
                            continue;
                        }
                    case 6: {
                            if (u !== 0)
                                break;
                            if (v = r.bool())
                                m.arrowFrames = v;
                            else
                                delete m.arrowFrames;
                            continue;
                        }
                    }
                    r.skipType(u, q, t);
                    if (!r.discardUnknown) {
                        $util.makeProp(m, "$unknowns", false);
                        (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                    }
                }
                if (l !== $undefined) {
                    if (r.pos !== c)
                        throw $RangeError("index out of range");
                    r.len = l;
                }
                if (z !== $undefined)
                    throw $Error("missing end group");
                return m;
            };

            /**
             * Gets the type url for Query
             * @function getTypeUrl
             * @memberof vegafusion.v1.Query
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Query.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/vegafusion.v1.Query";
            };

            return Query;
        })();

        v1.Cancel = (function() {

            /**
             * Properties of a Cancel.
             * @typedef {Object} vegafusion.v1.Cancel.$Properties
             * @property {number|null} [requestId] Cancel requestId
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Cancel.
             * @memberof vegafusion.v1
             * @interface ICancel
             * @augments vegafusion.v1.Cancel.$Properties
             * @deprecated Use vegafusion.v1.Cancel.$Properties instead.
             */

            /**
             * Shape of a Cancel.
             * @typedef {vegafusion.v1.Cancel.$Properties} vegafusion.v1.Cancel.$Shape
             */

            /**
             * Constructs a new Cancel.
             * @memberof vegafusion.v1
             * @classdesc Represents a Cancel.
             * @constructor
             * @param {vegafusion.v1.Cancel.$Properties=} [p] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Cancel = function (p) {
                if (p)
                    for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            };

            /**
             * Cancel requestId.
             * @member {number} requestId
             * @memberof vegafusion.v1.Cancel
             * @instance
             */
            Cancel.prototype.requestId = 0;

            /**
             * Creates a new Cancel instance using the specified properties.
             * @function create
             * @memberof vegafusion.v1.Cancel
             * @static
             * @param {vegafusion.v1.Cancel.$Properties=} [properties] Properties to set
             * @returns {vegafusion.v1.Cancel} Cancel instance
             * @type {{
             *   (properties: vegafusion.v1.Cancel.$Shape): vegafusion.v1.Cancel & vegafusion.v1.Cancel.$Shape;
             *   (properties?: vegafusion.v1.Cancel.$Properties): vegafusion.v1.Cancel;
             * }}
             */
            Cancel.create = function(properties) {
                return new Cancel(properties);
            };

            /**
             * Encodes the specified Cancel message. Does not implicitly {@link vegafusion.v1.Cancel.verify|verify} messages.
             * @function encode
             * @memberof vegafusion.v1.Cancel
             * @static
             * @param {vegafusion.v1.Cancel.$Properties} m Cancel message or plain object to encode
             * @param {$protobuf.Writer} [w] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Cancel.encode = function (m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (m.requestId != null && $Object.hasOwnProperty.call(m, "requestId") && m.requestId !== 0)
                    w.uint32(/* id 1, wireType 0 =*/8).uint32(m.requestId);
                if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                    for (var i = 0; i < m.$unknowns.length; ++i)
                        w.raw(m.$unknowns[i]);
                return w;
            };

            /**
             * Decodes a Cancel message from the specified reader or buffer.
             * @function decode
             * @memberof vegafusion.v1.Cancel
             * @static
             * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
             * @param {number} [l] Message length if known beforehand
             * @returns {vegafusion.v1.Cancel & vegafusion.v1.Cancel.$Shape} Cancel
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Cancel.decode = function (r, l, z, q, g) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (q === $undefined)
                    q = 0;
                if (q > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var c, m, v;
                if (l === $undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw $RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = g || new $root.vegafusion.v1.Cancel();
                while (r.pos < c) {
                    var s = r.pos;
                    var t = r.tag();
                    if (t === z) {
                        z = $undefined;
                        break;
                    }
                    var u = t & 7;
                    switch (t >>>= 3) {
                    case 1: {
                            if (u !== 0)
                                break;
                            if (v = r.uint32())
                                m.requestId = v;
                            else
                                delete m.requestId;
                            continue;
                        }
                    }
                    r.skipType(u, q, t);
                    if (!r.discardUnknown) {
                        $util.makeProp(m, "$unknowns", false);
                        (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                    }
                }
                if (l !== $undefined) {
                    if (r.pos !== c)
                        throw $RangeError("index out of range");
                    r.len = l;
                }
                if (z !== $undefined)
                    throw $Error("missing end group");
                return m;
            };

            /**
             * Gets the type url for Cancel
             * @function getTypeUrl
             * @memberof vegafusion.v1.Cancel
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Cancel.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/vegafusion.v1.Cancel";
            };

            return Cancel;
        })();

        v1.CapabilitiesRequest = (function() {

            /**
             * Properties of a CapabilitiesRequest.
             * @typedef {Object} vegafusion.v1.CapabilitiesRequest.$Properties
             * @property {number|null} [requestId] CapabilitiesRequest requestId
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a CapabilitiesRequest.
             * @memberof vegafusion.v1
             * @interface ICapabilitiesRequest
             * @augments vegafusion.v1.CapabilitiesRequest.$Properties
             * @deprecated Use vegafusion.v1.CapabilitiesRequest.$Properties instead.
             */

            /**
             * Shape of a CapabilitiesRequest.
             * @typedef {vegafusion.v1.CapabilitiesRequest.$Properties} vegafusion.v1.CapabilitiesRequest.$Shape
             */

            /**
             * Constructs a new CapabilitiesRequest.
             * @memberof vegafusion.v1
             * @classdesc Represents a CapabilitiesRequest.
             * @constructor
             * @param {vegafusion.v1.CapabilitiesRequest.$Properties=} [p] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const CapabilitiesRequest = function (p) {
                if (p)
                    for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            };

            /**
             * CapabilitiesRequest requestId.
             * @member {number} requestId
             * @memberof vegafusion.v1.CapabilitiesRequest
             * @instance
             */
            CapabilitiesRequest.prototype.requestId = 0;

            /**
             * Creates a new CapabilitiesRequest instance using the specified properties.
             * @function create
             * @memberof vegafusion.v1.CapabilitiesRequest
             * @static
             * @param {vegafusion.v1.CapabilitiesRequest.$Properties=} [properties] Properties to set
             * @returns {vegafusion.v1.CapabilitiesRequest} CapabilitiesRequest instance
             * @type {{
             *   (properties: vegafusion.v1.CapabilitiesRequest.$Shape): vegafusion.v1.CapabilitiesRequest & vegafusion.v1.CapabilitiesRequest.$Shape;
             *   (properties?: vegafusion.v1.CapabilitiesRequest.$Properties): vegafusion.v1.CapabilitiesRequest;
             * }}
             */
            CapabilitiesRequest.create = function(properties) {
                return new CapabilitiesRequest(properties);
            };

            /**
             * Encodes the specified CapabilitiesRequest message. Does not implicitly {@link vegafusion.v1.CapabilitiesRequest.verify|verify} messages.
             * @function encode
             * @memberof vegafusion.v1.CapabilitiesRequest
             * @static
             * @param {vegafusion.v1.CapabilitiesRequest.$Properties} m CapabilitiesRequest message or plain object to encode
             * @param {$protobuf.Writer} [w] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            CapabilitiesRequest.encode = function (m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (m.requestId != null && $Object.hasOwnProperty.call(m, "requestId") && m.requestId !== 0)
                    w.uint32(/* id 1, wireType 0 =*/8).uint32(m.requestId);
                if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                    for (var i = 0; i < m.$unknowns.length; ++i)
                        w.raw(m.$unknowns[i]);
                return w;
            };

            /**
             * Decodes a CapabilitiesRequest message from the specified reader or buffer.
             * @function decode
             * @memberof vegafusion.v1.CapabilitiesRequest
             * @static
             * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
             * @param {number} [l] Message length if known beforehand
             * @returns {vegafusion.v1.CapabilitiesRequest & vegafusion.v1.CapabilitiesRequest.$Shape} CapabilitiesRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            CapabilitiesRequest.decode = function (r, l, z, q, g) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (q === $undefined)
                    q = 0;
                if (q > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var c, m, v;
                if (l === $undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw $RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = g || new $root.vegafusion.v1.CapabilitiesRequest();
                while (r.pos < c) {
                    var s = r.pos;
                    var t = r.tag();
                    if (t === z) {
                        z = $undefined;
                        break;
                    }
                    var u = t & 7;
                    switch (t >>>= 3) {
                    case 1: {
                            if (u !== 0)
                                break;
                            if (v = r.uint32())
                                m.requestId = v;
                            else
                                delete m.requestId;
                            continue;
                        }
                    }
                    r.skipType(u, q, t);
                    if (!r.discardUnknown) {
                        $util.makeProp(m, "$unknowns", false);
                        (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                    }
                }
                if (l !== $undefined) {
                    if (r.pos !== c)
                        throw $RangeError("index out of range");
                    r.len = l;
                }
                if (z !== $undefined)
                    throw $Error("missing end group");
                return m;
            };

            /**
             * Gets the type url for CapabilitiesRequest
             * @function getTypeUrl
             * @memberof vegafusion.v1.CapabilitiesRequest
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            CapabilitiesRequest.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/vegafusion.v1.CapabilitiesRequest";
            };

            return CapabilitiesRequest;
        })();

        v1.NamedValue = (function() {

            /**
             * Properties of a NamedValue.
             * @typedef {Object} vegafusion.v1.NamedValue.$Properties
             * @property {string|null} [name] NamedValue name
             * @property {vegafusion.v1.TaskValue.$Properties|null} [value] NamedValue value
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a NamedValue.
             * @memberof vegafusion.v1
             * @interface INamedValue
             * @augments vegafusion.v1.NamedValue.$Properties
             * @deprecated Use vegafusion.v1.NamedValue.$Properties instead.
             */

            /**
             * Shape of a NamedValue.
             * @typedef {{
             *   name?: string|null;
             *   value?: vegafusion.v1.TaskValue.$Shape|null;
             *   $unknowns?: Array.<Uint8Array>;
             * }} vegafusion.v1.NamedValue.$Shape
             */

            /**
             * Constructs a new NamedValue.
             * @memberof vegafusion.v1
             * @classdesc Represents a NamedValue.
             * @constructor
             * @param {vegafusion.v1.NamedValue.$Properties=} [p] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const NamedValue = function (p) {
                if (p)
                    for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            };

            /**
             * NamedValue name.
             * @member {string} name
             * @memberof vegafusion.v1.NamedValue
             * @instance
             */
            NamedValue.prototype.name = "";

            /**
             * NamedValue value.
             * @member {vegafusion.v1.TaskValue.$Properties|null|undefined} value
             * @memberof vegafusion.v1.NamedValue
             * @instance
             */
            NamedValue.prototype.value = null;

            /**
             * Creates a new NamedValue instance using the specified properties.
             * @function create
             * @memberof vegafusion.v1.NamedValue
             * @static
             * @param {vegafusion.v1.NamedValue.$Properties=} [properties] Properties to set
             * @returns {vegafusion.v1.NamedValue} NamedValue instance
             * @type {{
             *   (properties: vegafusion.v1.NamedValue.$Shape): vegafusion.v1.NamedValue & vegafusion.v1.NamedValue.$Shape;
             *   (properties?: vegafusion.v1.NamedValue.$Properties): vegafusion.v1.NamedValue;
             * }}
             */
            NamedValue.create = function(properties) {
                return new NamedValue(properties);
            };

            /**
             * Encodes the specified NamedValue message. Does not implicitly {@link vegafusion.v1.NamedValue.verify|verify} messages.
             * @function encode
             * @memberof vegafusion.v1.NamedValue
             * @static
             * @param {vegafusion.v1.NamedValue.$Properties} m NamedValue message or plain object to encode
             * @param {$protobuf.Writer} [w] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            NamedValue.encode = function (m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (m.name != null && $Object.hasOwnProperty.call(m, "name") && m.name !== "")
                    w.uint32(/* id 1, wireType 2 =*/10).string(m.name);
                if (m.value != null && $Object.hasOwnProperty.call(m, "value"))
                    $root.vegafusion.v1.TaskValue.encode(m.value, w.uint32(/* id 2, wireType 2 =*/18).fork(), q + 1).ldelim();
                if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                    for (var i = 0; i < m.$unknowns.length; ++i)
                        w.raw(m.$unknowns[i]);
                return w;
            };

            /**
             * Decodes a NamedValue message from the specified reader or buffer.
             * @function decode
             * @memberof vegafusion.v1.NamedValue
             * @static
             * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
             * @param {number} [l] Message length if known beforehand
             * @returns {vegafusion.v1.NamedValue & vegafusion.v1.NamedValue.$Shape} NamedValue
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            NamedValue.decode = function (r, l, z, q, g) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (q === $undefined)
                    q = 0;
                if (q > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var c, m, v;
                if (l === $undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw $RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = g || new $root.vegafusion.v1.NamedValue();
                while (r.pos < c) {
                    var s = r.pos;
                    var t = r.tag();
                    if (t === z) {
                        z = $undefined;
                        break;
                    }
                    var u = t & 7;
                    switch (t >>>= 3) {
                    case 1: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.name = v;
                            else
                                delete m.name;
                            continue;
                        }
                    case 2: {
                            if (u !== 2)
                                break;
                            m.value = $root.vegafusion.v1.TaskValue.decode(r, r.size(), $undefined, q + 1, m.value);
                            continue;
                        }
                    }
                    r.skipType(u, q, t);
                    if (!r.discardUnknown) {
                        $util.makeProp(m, "$unknowns", false);
                        (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                    }
                }
                if (l !== $undefined) {
                    if (r.pos !== c)
                        throw $RangeError("index out of range");
                    r.len = l;
                }
                if (z !== $undefined)
                    throw $Error("missing end group");
                return m;
            };

            /**
             * Gets the type url for NamedValue
             * @function getTypeUrl
             * @memberof vegafusion.v1.NamedValue
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            NamedValue.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/vegafusion.v1.NamedValue";
            };

            return NamedValue;
        })();

        v1.NodeValue = (function() {

            /**
             * Properties of a NodeValue.
             * @typedef {Object} vegafusion.v1.NodeValue.$Properties
             * @property {number|null} [node] NodeValue node
             * @property {vegafusion.v1.TaskValue.$Properties|null} [value] NodeValue value
             * @property {Array.<vegafusion.v1.NamedValue.$Properties>|null} [signals] NodeValue signals
             * @property {string|null} [origin] NodeValue origin
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a NodeValue.
             * @memberof vegafusion.v1
             * @interface INodeValue
             * @augments vegafusion.v1.NodeValue.$Properties
             * @deprecated Use vegafusion.v1.NodeValue.$Properties instead.
             */

            /**
             * Shape of a NodeValue.
             * @typedef {{
             *   node?: number|null;
             *   value?: vegafusion.v1.TaskValue.$Shape|null;
             *   signals?: Array.<vegafusion.v1.NamedValue.$Shape>|null;
             *   origin?: string|null;
             *   $unknowns?: Array.<Uint8Array>;
             * }} vegafusion.v1.NodeValue.$Shape
             */

            /**
             * Constructs a new NodeValue.
             * @memberof vegafusion.v1
             * @classdesc Represents a NodeValue.
             * @constructor
             * @param {vegafusion.v1.NodeValue.$Properties=} [p] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const NodeValue = function (p) {
                this.signals = [];
                if (p)
                    for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            };

            /**
             * NodeValue node.
             * @member {number} node
             * @memberof vegafusion.v1.NodeValue
             * @instance
             */
            NodeValue.prototype.node = 0;

            /**
             * NodeValue value.
             * @member {vegafusion.v1.TaskValue.$Properties|null|undefined} value
             * @memberof vegafusion.v1.NodeValue
             * @instance
             */
            NodeValue.prototype.value = null;

            /**
             * NodeValue signals.
             * @member {Array.<vegafusion.v1.NamedValue.$Properties>} signals
             * @memberof vegafusion.v1.NodeValue
             * @instance
             */
            NodeValue.prototype.signals = $util.emptyArray;

            /**
             * NodeValue origin.
             * @member {string} origin
             * @memberof vegafusion.v1.NodeValue
             * @instance
             */
            NodeValue.prototype.origin = "";

            /**
             * Creates a new NodeValue instance using the specified properties.
             * @function create
             * @memberof vegafusion.v1.NodeValue
             * @static
             * @param {vegafusion.v1.NodeValue.$Properties=} [properties] Properties to set
             * @returns {vegafusion.v1.NodeValue} NodeValue instance
             * @type {{
             *   (properties: vegafusion.v1.NodeValue.$Shape): vegafusion.v1.NodeValue & vegafusion.v1.NodeValue.$Shape;
             *   (properties?: vegafusion.v1.NodeValue.$Properties): vegafusion.v1.NodeValue;
             * }}
             */
            NodeValue.create = function(properties) {
                return new NodeValue(properties);
            };

            /**
             * Encodes the specified NodeValue message. Does not implicitly {@link vegafusion.v1.NodeValue.verify|verify} messages.
             * @function encode
             * @memberof vegafusion.v1.NodeValue
             * @static
             * @param {vegafusion.v1.NodeValue.$Properties} m NodeValue message or plain object to encode
             * @param {$protobuf.Writer} [w] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            NodeValue.encode = function (m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (m.node != null && $Object.hasOwnProperty.call(m, "node") && m.node !== 0)
                    w.uint32(/* id 1, wireType 0 =*/8).uint32(m.node);
                if (m.value != null && $Object.hasOwnProperty.call(m, "value"))
                    $root.vegafusion.v1.TaskValue.encode(m.value, w.uint32(/* id 2, wireType 2 =*/18).fork(), q + 1).ldelim();
                if (m.signals != null && m.signals.length) {
                    for (var i = 0; i < m.signals.length; ++i)
                        $root.vegafusion.v1.NamedValue.encode(m.signals[i], w.uint32(/* id 3, wireType 2 =*/26).fork(), q + 1).ldelim();
                }
                if (m.origin != null && $Object.hasOwnProperty.call(m, "origin") && m.origin !== "")
                    w.uint32(/* id 4, wireType 2 =*/34).string(m.origin);
                if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                    for (var i = 0; i < m.$unknowns.length; ++i)
                        w.raw(m.$unknowns[i]);
                return w;
            };

            /**
             * Decodes a NodeValue message from the specified reader or buffer.
             * @function decode
             * @memberof vegafusion.v1.NodeValue
             * @static
             * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
             * @param {number} [l] Message length if known beforehand
             * @returns {vegafusion.v1.NodeValue & vegafusion.v1.NodeValue.$Shape} NodeValue
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            NodeValue.decode = function (r, l, z, q, g) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (q === $undefined)
                    q = 0;
                if (q > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var c, m, v;
                if (l === $undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw $RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = g || new $root.vegafusion.v1.NodeValue();
                while (r.pos < c) {
                    var s = r.pos;
                    var t = r.tag();
                    if (t === z) {
                        z = $undefined;
                        break;
                    }
                    var u = t & 7;
                    switch (t >>>= 3) {
                    case 1: {
                            if (u !== 0)
                                break;
                            if (v = r.uint32())
                                m.node = v;
                            else
                                delete m.node;
                            continue;
                        }
                    case 2: {
                            if (u !== 2)
                                break;
                            m.value = $root.vegafusion.v1.TaskValue.decode(r, r.size(), $undefined, q + 1, m.value);
                            continue;
                        }
                    case 3: {
                            if (u !== 2)
                                break;
                            if (!(m.signals && m.signals.length))
                                m.signals = [];
                            m.signals.push($root.vegafusion.v1.NamedValue.decode(r, r.size(), $undefined, q + 1));
                            continue;
                        }
                    case 4: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.origin = v;
                            else
                                delete m.origin;
                            continue;
                        }
                    }
                    r.skipType(u, q, t);
                    if (!r.discardUnknown) {
                        $util.makeProp(m, "$unknowns", false);
                        (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                    }
                }
                if (l !== $undefined) {
                    if (r.pos !== c)
                        throw $RangeError("index out of range");
                    r.len = l;
                }
                if (z !== $undefined)
                    throw $Error("missing end group");
                return m;
            };

            /**
             * Gets the type url for NodeValue
             * @function getTypeUrl
             * @memberof vegafusion.v1.NodeValue
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            NodeValue.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/vegafusion.v1.NodeValue";
            };

            return NodeValue;
        })();

        v1.QueryStats = (function() {

            /**
             * Properties of a QueryStats.
             * @typedef {Object} vegafusion.v1.QueryStats.$Properties
             * @property {number|null} [nodesComputed] QueryStats nodesComputed
             * @property {number|null} [cacheHits] QueryStats cacheHits
             * @property {number|null} [elapsedMs] QueryStats elapsedMs
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a QueryStats.
             * @memberof vegafusion.v1
             * @interface IQueryStats
             * @augments vegafusion.v1.QueryStats.$Properties
             * @deprecated Use vegafusion.v1.QueryStats.$Properties instead.
             */

            /**
             * Shape of a QueryStats.
             * @typedef {vegafusion.v1.QueryStats.$Properties} vegafusion.v1.QueryStats.$Shape
             */

            /**
             * Constructs a new QueryStats.
             * @memberof vegafusion.v1
             * @classdesc Represents a QueryStats.
             * @constructor
             * @param {vegafusion.v1.QueryStats.$Properties=} [p] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const QueryStats = function (p) {
                if (p)
                    for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            };

            /**
             * QueryStats nodesComputed.
             * @member {number} nodesComputed
             * @memberof vegafusion.v1.QueryStats
             * @instance
             */
            QueryStats.prototype.nodesComputed = 0;

            /**
             * QueryStats cacheHits.
             * @member {number} cacheHits
             * @memberof vegafusion.v1.QueryStats
             * @instance
             */
            QueryStats.prototype.cacheHits = 0;

            /**
             * QueryStats elapsedMs.
             * @member {number} elapsedMs
             * @memberof vegafusion.v1.QueryStats
             * @instance
             */
            QueryStats.prototype.elapsedMs = 0;

            /**
             * Creates a new QueryStats instance using the specified properties.
             * @function create
             * @memberof vegafusion.v1.QueryStats
             * @static
             * @param {vegafusion.v1.QueryStats.$Properties=} [properties] Properties to set
             * @returns {vegafusion.v1.QueryStats} QueryStats instance
             * @type {{
             *   (properties: vegafusion.v1.QueryStats.$Shape): vegafusion.v1.QueryStats & vegafusion.v1.QueryStats.$Shape;
             *   (properties?: vegafusion.v1.QueryStats.$Properties): vegafusion.v1.QueryStats;
             * }}
             */
            QueryStats.create = function(properties) {
                return new QueryStats(properties);
            };

            /**
             * Encodes the specified QueryStats message. Does not implicitly {@link vegafusion.v1.QueryStats.verify|verify} messages.
             * @function encode
             * @memberof vegafusion.v1.QueryStats
             * @static
             * @param {vegafusion.v1.QueryStats.$Properties} m QueryStats message or plain object to encode
             * @param {$protobuf.Writer} [w] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            QueryStats.encode = function (m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (m.nodesComputed != null && $Object.hasOwnProperty.call(m, "nodesComputed") && m.nodesComputed !== 0)
                    w.uint32(/* id 1, wireType 0 =*/8).uint32(m.nodesComputed);
                if (m.cacheHits != null && $Object.hasOwnProperty.call(m, "cacheHits") && m.cacheHits !== 0)
                    w.uint32(/* id 2, wireType 0 =*/16).uint32(m.cacheHits);
                if (m.elapsedMs != null && $Object.hasOwnProperty.call(m, "elapsedMs") && !$Object.is(m.elapsedMs, 0))
                    w.uint32(/* id 3, wireType 1 =*/25).double(m.elapsedMs);
                if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                    for (var i = 0; i < m.$unknowns.length; ++i)
                        w.raw(m.$unknowns[i]);
                return w;
            };

            /**
             * Decodes a QueryStats message from the specified reader or buffer.
             * @function decode
             * @memberof vegafusion.v1.QueryStats
             * @static
             * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
             * @param {number} [l] Message length if known beforehand
             * @returns {vegafusion.v1.QueryStats & vegafusion.v1.QueryStats.$Shape} QueryStats
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            QueryStats.decode = function (r, l, z, q, g) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (q === $undefined)
                    q = 0;
                if (q > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var c, m, v;
                if (l === $undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw $RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = g || new $root.vegafusion.v1.QueryStats();
                while (r.pos < c) {
                    var s = r.pos;
                    var t = r.tag();
                    if (t === z) {
                        z = $undefined;
                        break;
                    }
                    var u = t & 7;
                    switch (t >>>= 3) {
                    case 1: {
                            if (u !== 0)
                                break;
                            if (v = r.uint32())
                                m.nodesComputed = v;
                            else
                                delete m.nodesComputed;
                            continue;
                        }
                    case 2: {
                            if (u !== 0)
                                break;
                            if (v = r.uint32())
                                m.cacheHits = v;
                            else
                                delete m.cacheHits;
                            continue;
                        }
                    case 3: {
                            if (u !== 1)
                                break;
                            if (!$Object.is(v = r.double(), 0))
                                m.elapsedMs = v;
                            else
                                delete m.elapsedMs;
                            continue;
                        }
                    }
                    r.skipType(u, q, t);
                    if (!r.discardUnknown) {
                        $util.makeProp(m, "$unknowns", false);
                        (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                    }
                }
                if (l !== $undefined) {
                    if (r.pos !== c)
                        throw $RangeError("index out of range");
                    r.len = l;
                }
                if (z !== $undefined)
                    throw $Error("missing end group");
                return m;
            };

            /**
             * Gets the type url for QueryStats
             * @function getTypeUrl
             * @memberof vegafusion.v1.QueryStats
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            QueryStats.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/vegafusion.v1.QueryStats";
            };

            return QueryStats;
        })();

        v1.QueryResult = (function() {

            /**
             * Properties of a QueryResult.
             * @typedef {Object} vegafusion.v1.QueryResult.$Properties
             * @property {number|null} [requestId] QueryResult requestId
             * @property {Array.<vegafusion.v1.NodeValue.$Properties>|null} [values] QueryResult values
             * @property {vegafusion.v1.QueryStats.$Properties|null} [stats] QueryResult stats
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a QueryResult.
             * @memberof vegafusion.v1
             * @interface IQueryResult
             * @augments vegafusion.v1.QueryResult.$Properties
             * @deprecated Use vegafusion.v1.QueryResult.$Properties instead.
             */

            /**
             * Shape of a QueryResult.
             * @typedef {{
             *   requestId?: number|null;
             *   values?: Array.<vegafusion.v1.NodeValue.$Shape>|null;
             *   stats?: vegafusion.v1.QueryStats.$Shape|null;
             *   $unknowns?: Array.<Uint8Array>;
             * }} vegafusion.v1.QueryResult.$Shape
             */

            /**
             * Constructs a new QueryResult.
             * @memberof vegafusion.v1
             * @classdesc Represents a QueryResult.
             * @constructor
             * @param {vegafusion.v1.QueryResult.$Properties=} [p] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const QueryResult = function (p) {
                this.values = [];
                if (p)
                    for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            };

            /**
             * QueryResult requestId.
             * @member {number} requestId
             * @memberof vegafusion.v1.QueryResult
             * @instance
             */
            QueryResult.prototype.requestId = 0;

            /**
             * QueryResult values.
             * @member {Array.<vegafusion.v1.NodeValue.$Properties>} values
             * @memberof vegafusion.v1.QueryResult
             * @instance
             */
            QueryResult.prototype.values = $util.emptyArray;

            /**
             * QueryResult stats.
             * @member {vegafusion.v1.QueryStats.$Properties|null|undefined} stats
             * @memberof vegafusion.v1.QueryResult
             * @instance
             */
            QueryResult.prototype.stats = null;

            /**
             * Creates a new QueryResult instance using the specified properties.
             * @function create
             * @memberof vegafusion.v1.QueryResult
             * @static
             * @param {vegafusion.v1.QueryResult.$Properties=} [properties] Properties to set
             * @returns {vegafusion.v1.QueryResult} QueryResult instance
             * @type {{
             *   (properties: vegafusion.v1.QueryResult.$Shape): vegafusion.v1.QueryResult & vegafusion.v1.QueryResult.$Shape;
             *   (properties?: vegafusion.v1.QueryResult.$Properties): vegafusion.v1.QueryResult;
             * }}
             */
            QueryResult.create = function(properties) {
                return new QueryResult(properties);
            };

            /**
             * Encodes the specified QueryResult message. Does not implicitly {@link vegafusion.v1.QueryResult.verify|verify} messages.
             * @function encode
             * @memberof vegafusion.v1.QueryResult
             * @static
             * @param {vegafusion.v1.QueryResult.$Properties} m QueryResult message or plain object to encode
             * @param {$protobuf.Writer} [w] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            QueryResult.encode = function (m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (m.requestId != null && $Object.hasOwnProperty.call(m, "requestId") && m.requestId !== 0)
                    w.uint32(/* id 1, wireType 0 =*/8).uint32(m.requestId);
                if (m.values != null && m.values.length) {
                    for (var i = 0; i < m.values.length; ++i)
                        $root.vegafusion.v1.NodeValue.encode(m.values[i], w.uint32(/* id 2, wireType 2 =*/18).fork(), q + 1).ldelim();
                }
                if (m.stats != null && $Object.hasOwnProperty.call(m, "stats"))
                    $root.vegafusion.v1.QueryStats.encode(m.stats, w.uint32(/* id 3, wireType 2 =*/26).fork(), q + 1).ldelim();
                if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                    for (var i = 0; i < m.$unknowns.length; ++i)
                        w.raw(m.$unknowns[i]);
                return w;
            };

            /**
             * Decodes a QueryResult message from the specified reader or buffer.
             * @function decode
             * @memberof vegafusion.v1.QueryResult
             * @static
             * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
             * @param {number} [l] Message length if known beforehand
             * @returns {vegafusion.v1.QueryResult & vegafusion.v1.QueryResult.$Shape} QueryResult
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            QueryResult.decode = function (r, l, z, q, g) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (q === $undefined)
                    q = 0;
                if (q > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var c, m, v;
                if (l === $undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw $RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = g || new $root.vegafusion.v1.QueryResult();
                while (r.pos < c) {
                    var s = r.pos;
                    var t = r.tag();
                    if (t === z) {
                        z = $undefined;
                        break;
                    }
                    var u = t & 7;
                    switch (t >>>= 3) {
                    case 1: {
                            if (u !== 0)
                                break;
                            if (v = r.uint32())
                                m.requestId = v;
                            else
                                delete m.requestId;
                            continue;
                        }
                    case 2: {
                            if (u !== 2)
                                break;
                            if (!(m.values && m.values.length))
                                m.values = [];
                            m.values.push($root.vegafusion.v1.NodeValue.decode(r, r.size(), $undefined, q + 1));
                            continue;
                        }
                    case 3: {
                            if (u !== 2)
                                break;
                            m.stats = $root.vegafusion.v1.QueryStats.decode(r, r.size(), $undefined, q + 1, m.stats);
                            continue;
                        }
                    }
                    r.skipType(u, q, t);
                    if (!r.discardUnknown) {
                        $util.makeProp(m, "$unknowns", false);
                        (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                    }
                }
                if (l !== $undefined) {
                    if (r.pos !== c)
                        throw $RangeError("index out of range");
                    r.len = l;
                }
                if (z !== $undefined)
                    throw $Error("missing end group");
                return m;
            };

            /**
             * Gets the type url for QueryResult
             * @function getTypeUrl
             * @memberof vegafusion.v1.QueryResult
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            QueryResult.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/vegafusion.v1.QueryResult";
            };

            return QueryResult;
        })();

        v1.Error = (function() {

            /**
             * Properties of an Error.
             * @typedef {Object} vegafusion.v1.Error.$Properties
             * @property {number|null} [requestId] Error requestId
             * @property {string|null} [code] Error code
             * @property {string|null} [message] Error message
             * @property {string|null} [path] Error path
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an Error.
             * @memberof vegafusion.v1
             * @interface IError
             * @augments vegafusion.v1.Error.$Properties
             * @deprecated Use vegafusion.v1.Error.$Properties instead.
             */

            /**
             * Shape of an Error.
             * @typedef {vegafusion.v1.Error.$Properties} vegafusion.v1.Error.$Shape
             */

            /**
             * Constructs a new Error.
             * @memberof vegafusion.v1
             * @classdesc Represents an Error.
             * @constructor
             * @param {vegafusion.v1.Error.$Properties=} [p] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Error = function (p) {
                if (p)
                    for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            };

            /**
             * Error requestId.
             * @member {number} requestId
             * @memberof vegafusion.v1.Error
             * @instance
             */
            Error.prototype.requestId = 0;

            /**
             * Error code.
             * @member {string} code
             * @memberof vegafusion.v1.Error
             * @instance
             */
            Error.prototype.code = "";

            /**
             * Error message.
             * @member {string} message
             * @memberof vegafusion.v1.Error
             * @instance
             */
            Error.prototype.message = "";

            /**
             * Error path.
             * @member {string} path
             * @memberof vegafusion.v1.Error
             * @instance
             */
            Error.prototype.path = "";

            /**
             * Creates a new Error instance using the specified properties.
             * @function create
             * @memberof vegafusion.v1.Error
             * @static
             * @param {vegafusion.v1.Error.$Properties=} [properties] Properties to set
             * @returns {vegafusion.v1.Error} Error instance
             * @type {{
             *   (properties: vegafusion.v1.Error.$Shape): vegafusion.v1.Error & vegafusion.v1.Error.$Shape;
             *   (properties?: vegafusion.v1.Error.$Properties): vegafusion.v1.Error;
             * }}
             */
            Error.create = function(properties) {
                return new Error(properties);
            };

            /**
             * Encodes the specified Error message. Does not implicitly {@link vegafusion.v1.Error.verify|verify} messages.
             * @function encode
             * @memberof vegafusion.v1.Error
             * @static
             * @param {vegafusion.v1.Error.$Properties} m Error message or plain object to encode
             * @param {$protobuf.Writer} [w] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Error.encode = function (m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (m.requestId != null && $Object.hasOwnProperty.call(m, "requestId") && m.requestId !== 0)
                    w.uint32(/* id 1, wireType 0 =*/8).uint32(m.requestId);
                if (m.code != null && $Object.hasOwnProperty.call(m, "code") && m.code !== "")
                    w.uint32(/* id 2, wireType 2 =*/18).string(m.code);
                if (m.message != null && $Object.hasOwnProperty.call(m, "message") && m.message !== "")
                    w.uint32(/* id 3, wireType 2 =*/26).string(m.message);
                if (m.path != null && $Object.hasOwnProperty.call(m, "path") && m.path !== "")
                    w.uint32(/* id 4, wireType 2 =*/34).string(m.path);
                if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                    for (var i = 0; i < m.$unknowns.length; ++i)
                        w.raw(m.$unknowns[i]);
                return w;
            };

            /**
             * Decodes an Error message from the specified reader or buffer.
             * @function decode
             * @memberof vegafusion.v1.Error
             * @static
             * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
             * @param {number} [l] Message length if known beforehand
             * @returns {vegafusion.v1.Error & vegafusion.v1.Error.$Shape} Error
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Error.decode = function (r, l, z, q, g) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (q === $undefined)
                    q = 0;
                if (q > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var c, m, v;
                if (l === $undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw $RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = g || new $root.vegafusion.v1.Error();
                while (r.pos < c) {
                    var s = r.pos;
                    var t = r.tag();
                    if (t === z) {
                        z = $undefined;
                        break;
                    }
                    var u = t & 7;
                    switch (t >>>= 3) {
                    case 1: {
                            if (u !== 0)
                                break;
                            if (v = r.uint32())
                                m.requestId = v;
                            else
                                delete m.requestId;
                            continue;
                        }
                    case 2: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.code = v;
                            else
                                delete m.code;
                            continue;
                        }
                    case 3: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.message = v;
                            else
                                delete m.message;
                            continue;
                        }
                    case 4: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.path = v;
                            else
                                delete m.path;
                            continue;
                        }
                    }
                    r.skipType(u, q, t);
                    if (!r.discardUnknown) {
                        $util.makeProp(m, "$unknowns", false);
                        (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                    }
                }
                if (l !== $undefined) {
                    if (r.pos !== c)
                        throw $RangeError("index out of range");
                    r.len = l;
                }
                if (z !== $undefined)
                    throw $Error("missing end group");
                return m;
            };

            /**
             * Gets the type url for Error
             * @function getTypeUrl
             * @memberof vegafusion.v1.Error
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Error.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/vegafusion.v1.Error";
            };

            return Error;
        })();

        v1.Capabilities = (function() {

            /**
             * Properties of a Capabilities.
             * @typedef {Object} vegafusion.v1.Capabilities.$Properties
             * @property {number|null} [requestId] Capabilities requestId
             * @property {number|null} [protocolVersion] Capabilities protocolVersion
             * @property {string|null} [runtimeVersion] Capabilities runtimeVersion
             * @property {Array.<string>|null} [transforms] Capabilities transforms
             * @property {Array.<string>|null} [aggregateOps] Capabilities aggregateOps
             * @property {Array.<string>|null} [windowOps] Capabilities windowOps
             * @property {Array.<string>|null} [expressionFunctions] Capabilities expressionFunctions
             * @property {Array.<string>|null} [dataFormats] Capabilities dataFormats
             * @property {string|null} [transformParamsJson] Capabilities transformParamsJson
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Capabilities.
             * @memberof vegafusion.v1
             * @interface ICapabilities
             * @augments vegafusion.v1.Capabilities.$Properties
             * @deprecated Use vegafusion.v1.Capabilities.$Properties instead.
             */

            /**
             * Shape of a Capabilities.
             * @typedef {vegafusion.v1.Capabilities.$Properties} vegafusion.v1.Capabilities.$Shape
             */

            /**
             * Constructs a new Capabilities.
             * @memberof vegafusion.v1
             * @classdesc Represents a Capabilities.
             * @constructor
             * @param {vegafusion.v1.Capabilities.$Properties=} [p] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Capabilities = function (p) {
                this.transforms = [];
                this.aggregateOps = [];
                this.windowOps = [];
                this.expressionFunctions = [];
                this.dataFormats = [];
                if (p)
                    for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                        if (p[ks[i]] != null && ks[i] !== "__proto__")
                            this[ks[i]] = p[ks[i]];
            };

            /**
             * Capabilities requestId.
             * @member {number} requestId
             * @memberof vegafusion.v1.Capabilities
             * @instance
             */
            Capabilities.prototype.requestId = 0;

            /**
             * Capabilities protocolVersion.
             * @member {number} protocolVersion
             * @memberof vegafusion.v1.Capabilities
             * @instance
             */
            Capabilities.prototype.protocolVersion = 0;

            /**
             * Capabilities runtimeVersion.
             * @member {string} runtimeVersion
             * @memberof vegafusion.v1.Capabilities
             * @instance
             */
            Capabilities.prototype.runtimeVersion = "";

            /**
             * Capabilities transforms.
             * @member {Array.<string>} transforms
             * @memberof vegafusion.v1.Capabilities
             * @instance
             */
            Capabilities.prototype.transforms = $util.emptyArray;

            /**
             * Capabilities aggregateOps.
             * @member {Array.<string>} aggregateOps
             * @memberof vegafusion.v1.Capabilities
             * @instance
             */
            Capabilities.prototype.aggregateOps = $util.emptyArray;

            /**
             * Capabilities windowOps.
             * @member {Array.<string>} windowOps
             * @memberof vegafusion.v1.Capabilities
             * @instance
             */
            Capabilities.prototype.windowOps = $util.emptyArray;

            /**
             * Capabilities expressionFunctions.
             * @member {Array.<string>} expressionFunctions
             * @memberof vegafusion.v1.Capabilities
             * @instance
             */
            Capabilities.prototype.expressionFunctions = $util.emptyArray;

            /**
             * Capabilities dataFormats.
             * @member {Array.<string>} dataFormats
             * @memberof vegafusion.v1.Capabilities
             * @instance
             */
            Capabilities.prototype.dataFormats = $util.emptyArray;

            /**
             * Capabilities transformParamsJson.
             * @member {string} transformParamsJson
             * @memberof vegafusion.v1.Capabilities
             * @instance
             */
            Capabilities.prototype.transformParamsJson = "";

            /**
             * Creates a new Capabilities instance using the specified properties.
             * @function create
             * @memberof vegafusion.v1.Capabilities
             * @static
             * @param {vegafusion.v1.Capabilities.$Properties=} [properties] Properties to set
             * @returns {vegafusion.v1.Capabilities} Capabilities instance
             * @type {{
             *   (properties: vegafusion.v1.Capabilities.$Shape): vegafusion.v1.Capabilities & vegafusion.v1.Capabilities.$Shape;
             *   (properties?: vegafusion.v1.Capabilities.$Properties): vegafusion.v1.Capabilities;
             * }}
             */
            Capabilities.create = function(properties) {
                return new Capabilities(properties);
            };

            /**
             * Encodes the specified Capabilities message. Does not implicitly {@link vegafusion.v1.Capabilities.verify|verify} messages.
             * @function encode
             * @memberof vegafusion.v1.Capabilities
             * @static
             * @param {vegafusion.v1.Capabilities.$Properties} m Capabilities message or plain object to encode
             * @param {$protobuf.Writer} [w] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Capabilities.encode = function (m, w, q) {
                if (!w)
                    w = $Writer.create();
                if (q === $undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (m.requestId != null && $Object.hasOwnProperty.call(m, "requestId") && m.requestId !== 0)
                    w.uint32(/* id 1, wireType 0 =*/8).uint32(m.requestId);
                if (m.protocolVersion != null && $Object.hasOwnProperty.call(m, "protocolVersion") && m.protocolVersion !== 0)
                    w.uint32(/* id 2, wireType 0 =*/16).uint32(m.protocolVersion);
                if (m.runtimeVersion != null && $Object.hasOwnProperty.call(m, "runtimeVersion") && m.runtimeVersion !== "")
                    w.uint32(/* id 3, wireType 2 =*/26).string(m.runtimeVersion);
                if (m.transforms != null && m.transforms.length) {
                    for (var i = 0; i < m.transforms.length; ++i)
                        w.uint32(/* id 4, wireType 2 =*/34).string(m.transforms[i]);
                }
                if (m.aggregateOps != null && m.aggregateOps.length) {
                    for (var i = 0; i < m.aggregateOps.length; ++i)
                        w.uint32(/* id 5, wireType 2 =*/42).string(m.aggregateOps[i]);
                }
                if (m.windowOps != null && m.windowOps.length) {
                    for (var i = 0; i < m.windowOps.length; ++i)
                        w.uint32(/* id 6, wireType 2 =*/50).string(m.windowOps[i]);
                }
                if (m.expressionFunctions != null && m.expressionFunctions.length) {
                    for (var i = 0; i < m.expressionFunctions.length; ++i)
                        w.uint32(/* id 7, wireType 2 =*/58).string(m.expressionFunctions[i]);
                }
                if (m.dataFormats != null && m.dataFormats.length) {
                    for (var i = 0; i < m.dataFormats.length; ++i)
                        w.uint32(/* id 8, wireType 2 =*/66).string(m.dataFormats[i]);
                }
                if (m.transformParamsJson != null && $Object.hasOwnProperty.call(m, "transformParamsJson") && m.transformParamsJson !== "")
                    w.uint32(/* id 9, wireType 2 =*/74).string(m.transformParamsJson);
                if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                    for (var i = 0; i < m.$unknowns.length; ++i)
                        w.raw(m.$unknowns[i]);
                return w;
            };

            /**
             * Decodes a Capabilities message from the specified reader or buffer.
             * @function decode
             * @memberof vegafusion.v1.Capabilities
             * @static
             * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
             * @param {number} [l] Message length if known beforehand
             * @returns {vegafusion.v1.Capabilities & vegafusion.v1.Capabilities.$Shape} Capabilities
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Capabilities.decode = function (r, l, z, q, g) {
                if (!(r instanceof $Reader))
                    r = $Reader.create(r);
                if (q === $undefined)
                    q = 0;
                if (q > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                var c, m, v;
                if (l === $undefined)
                    c = r.len;
                else {
                    c = r.pos + l;
                    if (c > r.len)
                        throw $RangeError("index out of range");
                    l = r.len;
                    r.len = c;
                }
                m = g || new $root.vegafusion.v1.Capabilities();
                while (r.pos < c) {
                    var s = r.pos;
                    var t = r.tag();
                    if (t === z) {
                        z = $undefined;
                        break;
                    }
                    var u = t & 7;
                    switch (t >>>= 3) {
                    case 1: {
                            if (u !== 0)
                                break;
                            if (v = r.uint32())
                                m.requestId = v;
                            else
                                delete m.requestId;
                            continue;
                        }
                    case 2: {
                            if (u !== 0)
                                break;
                            if (v = r.uint32())
                                m.protocolVersion = v;
                            else
                                delete m.protocolVersion;
                            continue;
                        }
                    case 3: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.runtimeVersion = v;
                            else
                                delete m.runtimeVersion;
                            continue;
                        }
                    case 4: {
                            if (u !== 2)
                                break;
                            if (!(m.transforms && m.transforms.length))
                                m.transforms = [];
                            m.transforms.push(r.stringVerify());
                            continue;
                        }
                    case 5: {
                            if (u !== 2)
                                break;
                            if (!(m.aggregateOps && m.aggregateOps.length))
                                m.aggregateOps = [];
                            m.aggregateOps.push(r.stringVerify());
                            continue;
                        }
                    case 6: {
                            if (u !== 2)
                                break;
                            if (!(m.windowOps && m.windowOps.length))
                                m.windowOps = [];
                            m.windowOps.push(r.stringVerify());
                            continue;
                        }
                    case 7: {
                            if (u !== 2)
                                break;
                            if (!(m.expressionFunctions && m.expressionFunctions.length))
                                m.expressionFunctions = [];
                            m.expressionFunctions.push(r.stringVerify());
                            continue;
                        }
                    case 8: {
                            if (u !== 2)
                                break;
                            if (!(m.dataFormats && m.dataFormats.length))
                                m.dataFormats = [];
                            m.dataFormats.push(r.stringVerify());
                            continue;
                        }
                    case 9: {
                            if (u !== 2)
                                break;
                            if ((v = r.stringVerify()).length)
                                m.transformParamsJson = v;
                            else
                                delete m.transformParamsJson;
                            continue;
                        }
                    }
                    r.skipType(u, q, t);
                    if (!r.discardUnknown) {
                        $util.makeProp(m, "$unknowns", false);
                        (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                    }
                }
                if (l !== $undefined) {
                    if (r.pos !== c)
                        throw $RangeError("index out of range");
                    r.len = l;
                }
                if (z !== $undefined)
                    throw $Error("missing end group");
                return m;
            };

            /**
             * Gets the type url for Capabilities
             * @function getTypeUrl
             * @memberof vegafusion.v1.Capabilities
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Capabilities.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/vegafusion.v1.Capabilities";
            };

            return Capabilities;
        })();

        return v1;
    })();

    return vegafusion;
})();

export {
  $root as default
};
