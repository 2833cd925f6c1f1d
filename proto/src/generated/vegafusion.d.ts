import * as $protobuf from "protobufjs";
import Long = require("long");

/** Namespace vegafusion. */
export namespace vegafusion {

    /** Namespace v1. */
    namespace v1 {

        /**
         * Properties of a ClientMessage.
         * @deprecated Use vegafusion.v1.ClientMessage.$Properties instead.
         */
        interface IClientMessage extends vegafusion.v1.ClientMessage.$Properties {
        }

        /** Represents a ClientMessage. */
        class ClientMessage {

            /**
             * Constructs a new ClientMessage.
             * @param [p] Properties to set
             */
            constructor(p?: vegafusion.v1.ClientMessage.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ClientMessage version. */
            version: number;

            /** ClientMessage query. */
            query?: (vegafusion.v1.Query.$Properties|null);

            /** ClientMessage cancel. */
            cancel?: (vegafusion.v1.Cancel.$Properties|null);

            /** ClientMessage capabilities. */
            capabilities?: (vegafusion.v1.CapabilitiesRequest.$Properties|null);

            /** ClientMessage kind. */
            kind?: ("query"|"cancel"|"capabilities");

            /**
             * Creates a new ClientMessage instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ClientMessage instance
             */
            static create(properties: vegafusion.v1.ClientMessage.$Shape): vegafusion.v1.ClientMessage & vegafusion.v1.ClientMessage.$Shape;
            static create(properties?: vegafusion.v1.ClientMessage.$Properties): vegafusion.v1.ClientMessage;

            /**
             * Encodes the specified ClientMessage message. Does not implicitly {@link vegafusion.v1.ClientMessage.verify|verify} messages.
             * @param m ClientMessage message or plain object to encode
             * @param [w] Writer to encode to
             * @returns Writer
             */
            static encode(m: vegafusion.v1.ClientMessage.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a ClientMessage message from the specified reader or buffer.
             * @param r Reader or buffer to decode from
             * @param [l] Message length if known beforehand
             * @returns {vegafusion.v1.ClientMessage & vegafusion.v1.ClientMessage.$Shape} ClientMessage
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(r: ($protobuf.Reader|Uint8Array), l?: number): vegafusion.v1.ClientMessage & vegafusion.v1.ClientMessage.$Shape;

            /**
             * Gets the type url for ClientMessage
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace ClientMessage {

            /** Properties of a ClientMessage. */
            interface $Properties {

                /** ClientMessage version */
                version?: (number|null);

                /** ClientMessage query */
                query?: (vegafusion.v1.Query.$Properties|null);

                /** ClientMessage cancel */
                cancel?: (vegafusion.v1.Cancel.$Properties|null);

                /** ClientMessage capabilities */
                capabilities?: (vegafusion.v1.CapabilitiesRequest.$Properties|null);

                /** ClientMessage kind */
                kind?: ("query"|"cancel"|"capabilities");

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Narrowed shape of a ClientMessage. */
            type $Shape = {
              version?: number|null;
              query?: vegafusion.v1.Query.$Shape|null;
              cancel?: vegafusion.v1.Cancel.$Shape|null;
              capabilities?: vegafusion.v1.CapabilitiesRequest.$Shape|null;
              $unknowns?: Uint8Array[];
            } & (
              ({ kind?: undefined; query?: null; cancel?: null; capabilities?: null }|{ kind?: "query"; query: vegafusion.v1.Query.$Shape; cancel?: null; capabilities?: null }|{ kind?: "cancel"; query?: null; cancel: vegafusion.v1.Cancel.$Shape; capabilities?: null }|{ kind?: "capabilities"; query?: null; cancel?: null; capabilities: vegafusion.v1.CapabilitiesRequest.$Shape })
            );
        }

        /**
         * Properties of a ServerMessage.
         * @deprecated Use vegafusion.v1.ServerMessage.$Properties instead.
         */
        interface IServerMessage extends vegafusion.v1.ServerMessage.$Properties {
        }

        /** Represents a ServerMessage. */
        class ServerMessage {

            /**
             * Constructs a new ServerMessage.
             * @param [p] Properties to set
             */
            constructor(p?: vegafusion.v1.ServerMessage.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ServerMessage version. */
            version: number;

            /** ServerMessage result. */
            result?: (vegafusion.v1.QueryResult.$Properties|null);

            /** ServerMessage error. */
            error?: (vegafusion.v1.Error.$Properties|null);

            /** ServerMessage capabilities. */
            capabilities?: (vegafusion.v1.Capabilities.$Properties|null);

            /** ServerMessage frames. */
            frames: number;

            /** ServerMessage kind. */
            kind?: ("result"|"error"|"capabilities");

            /**
             * Creates a new ServerMessage instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ServerMessage instance
             */
            static create(properties: vegafusion.v1.ServerMessage.$Shape): vegafusion.v1.ServerMessage & vegafusion.v1.ServerMessage.$Shape;
            static create(properties?: vegafusion.v1.ServerMessage.$Properties): vegafusion.v1.ServerMessage;

            /**
             * Encodes the specified ServerMessage message. Does not implicitly {@link vegafusion.v1.ServerMessage.verify|verify} messages.
             * @param m ServerMessage message or plain object to encode
             * @param [w] Writer to encode to
             * @returns Writer
             */
            static encode(m: vegafusion.v1.ServerMessage.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a ServerMessage message from the specified reader or buffer.
             * @param r Reader or buffer to decode from
             * @param [l] Message length if known beforehand
             * @returns {vegafusion.v1.ServerMessage & vegafusion.v1.ServerMessage.$Shape} ServerMessage
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(r: ($protobuf.Reader|Uint8Array), l?: number): vegafusion.v1.ServerMessage & vegafusion.v1.ServerMessage.$Shape;

            /**
             * Gets the type url for ServerMessage
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace ServerMessage {

            /** Properties of a ServerMessage. */
            interface $Properties {

                /** ServerMessage version */
                version?: (number|null);

                /** ServerMessage result */
                result?: (vegafusion.v1.QueryResult.$Properties|null);

                /** ServerMessage error */
                error?: (vegafusion.v1.Error.$Properties|null);

                /** ServerMessage capabilities */
                capabilities?: (vegafusion.v1.Capabilities.$Properties|null);

                /** ServerMessage frames */
                frames?: (number|null);

                /** ServerMessage kind */
                kind?: ("result"|"error"|"capabilities");

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Narrowed shape of a ServerMessage. */
            type $Shape = {
              version?: number|null;
              result?: vegafusion.v1.QueryResult.$Shape|null;
              error?: vegafusion.v1.Error.$Shape|null;
              capabilities?: vegafusion.v1.Capabilities.$Shape|null;
              frames?: number|null;
              $unknowns?: Uint8Array[];
            } & (
              ({ kind?: undefined; result?: null; error?: null; capabilities?: null }|{ kind?: "result"; result: vegafusion.v1.QueryResult.$Shape; error?: null; capabilities?: null }|{ kind?: "error"; result?: null; error: vegafusion.v1.Error.$Shape; capabilities?: null }|{ kind?: "capabilities"; result?: null; error?: null; capabilities: vegafusion.v1.Capabilities.$Shape })
            );
        }

        /** Namespace enum. */
        enum Namespace {

            /** NAMESPACE_SIGNAL value */
            NAMESPACE_SIGNAL = 0,

            /** NAMESPACE_DATA value */
            NAMESPACE_DATA = 1,

            /** NAMESPACE_SCALE value */
            NAMESPACE_SCALE = 2
        }

        /**
         * Properties of a Variable.
         * @deprecated Use vegafusion.v1.Variable.$Properties instead.
         */
        interface IVariable extends vegafusion.v1.Variable.$Properties {
        }

        /** Represents a Variable. */
        class Variable {

            /**
             * Constructs a new Variable.
             * @param [p] Properties to set
             */
            constructor(p?: vegafusion.v1.Variable.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Variable name. */
            name: string;

            /** Variable namespace. */
            namespace: vegafusion.v1.Namespace;

            /**
             * Creates a new Variable instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Variable instance
             */
            static create(properties: vegafusion.v1.Variable.$Shape): vegafusion.v1.Variable & vegafusion.v1.Variable.$Shape;
            static create(properties?: vegafusion.v1.Variable.$Properties): vegafusion.v1.Variable;

            /**
             * Encodes the specified Variable message. Does not implicitly {@link vegafusion.v1.Variable.verify|verify} messages.
             * @param m Variable message or plain object to encode
             * @param [w] Writer to encode to
             * @returns Writer
             */
            static encode(m: vegafusion.v1.Variable.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Variable message from the specified reader or buffer.
             * @param r Reader or buffer to decode from
             * @param [l] Message length if known beforehand
             * @returns {vegafusion.v1.Variable & vegafusion.v1.Variable.$Shape} Variable
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(r: ($protobuf.Reader|Uint8Array), l?: number): vegafusion.v1.Variable & vegafusion.v1.Variable.$Shape;

            /**
             * Gets the type url for Variable
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace Variable {

            /** Properties of a Variable. */
            interface $Properties {

                /** Variable name */
                name?: (string|null);

                /** Variable namespace */
                namespace?: (vegafusion.v1.Namespace|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a Variable. */
            type $Shape = vegafusion.v1.Variable.$Properties;
        }

        /**
         * Properties of a TaskValue.
         * @deprecated Use vegafusion.v1.TaskValue.$Properties instead.
         */
        interface ITaskValue extends vegafusion.v1.TaskValue.$Properties {
        }

        /** Represents a TaskValue. */
        class TaskValue {

            /**
             * Constructs a new TaskValue.
             * @param [p] Properties to set
             */
            constructor(p?: vegafusion.v1.TaskValue.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** TaskValue json. */
            json?: (string|null);

            /** TaskValue arrow. */
            arrow?: (Uint8Array|null);

            /** TaskValue arrowFrame. */
            arrowFrame?: (number|null);

            /** TaskValue kind. */
            kind?: ("json"|"arrow"|"arrowFrame");

            /**
             * Creates a new TaskValue instance using the specified properties.
             * @param [properties] Properties to set
             * @returns TaskValue instance
             */
            static create(properties: vegafusion.v1.TaskValue.$Shape): vegafusion.v1.TaskValue & vegafusion.v1.TaskValue.$Shape;
            static create(properties?: vegafusion.v1.TaskValue.$Properties): vegafusion.v1.TaskValue;

            /**
             * Encodes the specified TaskValue message. Does not implicitly {@link vegafusion.v1.TaskValue.verify|verify} messages.
             * @param m TaskValue message or plain object to encode
             * @param [w] Writer to encode to
             * @returns Writer
             */
            static encode(m: vegafusion.v1.TaskValue.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a TaskValue message from the specified reader or buffer.
             * @param r Reader or buffer to decode from
             * @param [l] Message length if known beforehand
             * @returns {vegafusion.v1.TaskValue & vegafusion.v1.TaskValue.$Shape} TaskValue
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(r: ($protobuf.Reader|Uint8Array), l?: number): vegafusion.v1.TaskValue & vegafusion.v1.TaskValue.$Shape;

            /**
             * Gets the type url for TaskValue
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace TaskValue {

            /** Properties of a TaskValue. */
            interface $Properties {

                /** TaskValue json */
                json?: (string|null);

                /** TaskValue arrow */
                arrow?: (Uint8Array|null);

                /** TaskValue arrowFrame */
                arrowFrame?: (number|null);

                /** TaskValue kind */
                kind?: ("json"|"arrow"|"arrowFrame");

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Narrowed shape of a TaskValue. */
            type $Shape = {
              json?: string|null;
              arrow?: Uint8Array|null;
              arrowFrame?: number|null;
              $unknowns?: Uint8Array[];
            } & (
              ({ kind?: undefined; json?: null; arrow?: null; arrowFrame?: null }|{ kind?: "json"; json: string; arrow?: null; arrowFrame?: null }|{ kind?: "arrow"; json?: null; arrow: Uint8Array; arrowFrame?: null }|{ kind?: "arrowFrame"; json?: null; arrow?: null; arrowFrame: number })
            );
        }

        /**
         * Properties of a DataUrlTask.
         * @deprecated Use vegafusion.v1.DataUrlTask.$Properties instead.
         */
        interface IDataUrlTask extends vegafusion.v1.DataUrlTask.$Properties {
        }

        /** Represents a DataUrlTask. */
        class DataUrlTask {

            /**
             * Constructs a new DataUrlTask.
             * @param [p] Properties to set
             */
            constructor(p?: vegafusion.v1.DataUrlTask.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** DataUrlTask url. */
            url: string;

            /** DataUrlTask formatJson. */
            formatJson: string;

            /** DataUrlTask pipelineJson. */
            pipelineJson: string;

            /**
             * Creates a new DataUrlTask instance using the specified properties.
             * @param [properties] Properties to set
             * @returns DataUrlTask instance
             */
            static create(properties: vegafusion.v1.DataUrlTask.$Shape): vegafusion.v1.DataUrlTask & vegafusion.v1.DataUrlTask.$Shape;
            static create(properties?: vegafusion.v1.DataUrlTask.$Properties): vegafusion.v1.DataUrlTask;

            /**
             * Encodes the specified DataUrlTask message. Does not implicitly {@link vegafusion.v1.DataUrlTask.verify|verify} messages.
             * @param m DataUrlTask message or plain object to encode
             * @param [w] Writer to encode to
             * @returns Writer
             */
            static encode(m: vegafusion.v1.DataUrlTask.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a DataUrlTask message from the specified reader or buffer.
             * @param r Reader or buffer to decode from
             * @param [l] Message length if known beforehand
             * @returns {vegafusion.v1.DataUrlTask & vegafusion.v1.DataUrlTask.$Shape} DataUrlTask
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(r: ($protobuf.Reader|Uint8Array), l?: number): vegafusion.v1.DataUrlTask & vegafusion.v1.DataUrlTask.$Shape;

            /**
             * Gets the type url for DataUrlTask
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace DataUrlTask {

            /** Properties of a DataUrlTask. */
            interface $Properties {

                /** DataUrlTask url */
                url?: (string|null);

                /** DataUrlTask formatJson */
                formatJson?: (string|null);

                /** DataUrlTask pipelineJson */
                pipelineJson?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a DataUrlTask. */
            type $Shape = vegafusion.v1.DataUrlTask.$Properties;
        }

        /**
         * Properties of a DataValuesTask.
         * @deprecated Use vegafusion.v1.DataValuesTask.$Properties instead.
         */
        interface IDataValuesTask extends vegafusion.v1.DataValuesTask.$Properties {
        }

        /** Represents a DataValuesTask. */
        class DataValuesTask {

            /**
             * Constructs a new DataValuesTask.
             * @param [p] Properties to set
             */
            constructor(p?: vegafusion.v1.DataValuesTask.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** DataValuesTask valuesJson. */
            valuesJson: string;

            /** DataValuesTask formatJson. */
            formatJson: string;

            /** DataValuesTask pipelineJson. */
            pipelineJson: string;

            /**
             * Creates a new DataValuesTask instance using the specified properties.
             * @param [properties] Properties to set
             * @returns DataValuesTask instance
             */
            static create(properties: vegafusion.v1.DataValuesTask.$Shape): vegafusion.v1.DataValuesTask & vegafusion.v1.DataValuesTask.$Shape;
            static create(properties?: vegafusion.v1.DataValuesTask.$Properties): vegafusion.v1.DataValuesTask;

            /**
             * Encodes the specified DataValuesTask message. Does not implicitly {@link vegafusion.v1.DataValuesTask.verify|verify} messages.
             * @param m DataValuesTask message or plain object to encode
             * @param [w] Writer to encode to
             * @returns Writer
             */
            static encode(m: vegafusion.v1.DataValuesTask.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a DataValuesTask message from the specified reader or buffer.
             * @param r Reader or buffer to decode from
             * @param [l] Message length if known beforehand
             * @returns {vegafusion.v1.DataValuesTask & vegafusion.v1.DataValuesTask.$Shape} DataValuesTask
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(r: ($protobuf.Reader|Uint8Array), l?: number): vegafusion.v1.DataValuesTask & vegafusion.v1.DataValuesTask.$Shape;

            /**
             * Gets the type url for DataValuesTask
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace DataValuesTask {

            /** Properties of a DataValuesTask. */
            interface $Properties {

                /** DataValuesTask valuesJson */
                valuesJson?: (string|null);

                /** DataValuesTask formatJson */
                formatJson?: (string|null);

                /** DataValuesTask pipelineJson */
                pipelineJson?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a DataValuesTask. */
            type $Shape = vegafusion.v1.DataValuesTask.$Properties;
        }

        /**
         * Properties of a DataSourceTask.
         * @deprecated Use vegafusion.v1.DataSourceTask.$Properties instead.
         */
        interface IDataSourceTask extends vegafusion.v1.DataSourceTask.$Properties {
        }

        /** Represents a DataSourceTask. */
        class DataSourceTask {

            /**
             * Constructs a new DataSourceTask.
             * @param [p] Properties to set
             */
            constructor(p?: vegafusion.v1.DataSourceTask.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** DataSourceTask source. */
            source: string;

            /** DataSourceTask pipelineJson. */
            pipelineJson: string;

            /**
             * Creates a new DataSourceTask instance using the specified properties.
             * @param [properties] Properties to set
             * @returns DataSourceTask instance
             */
            static create(properties: vegafusion.v1.DataSourceTask.$Shape): vegafusion.v1.DataSourceTask & vegafusion.v1.DataSourceTask.$Shape;
            static create(properties?: vegafusion.v1.DataSourceTask.$Properties): vegafusion.v1.DataSourceTask;

            /**
             * Encodes the specified DataSourceTask message. Does not implicitly {@link vegafusion.v1.DataSourceTask.verify|verify} messages.
             * @param m DataSourceTask message or plain object to encode
             * @param [w] Writer to encode to
             * @returns Writer
             */
            static encode(m: vegafusion.v1.DataSourceTask.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a DataSourceTask message from the specified reader or buffer.
             * @param r Reader or buffer to decode from
             * @param [l] Message length if known beforehand
             * @returns {vegafusion.v1.DataSourceTask & vegafusion.v1.DataSourceTask.$Shape} DataSourceTask
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(r: ($protobuf.Reader|Uint8Array), l?: number): vegafusion.v1.DataSourceTask & vegafusion.v1.DataSourceTask.$Shape;

            /**
             * Gets the type url for DataSourceTask
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace DataSourceTask {

            /** Properties of a DataSourceTask. */
            interface $Properties {

                /** DataSourceTask source */
                source?: (string|null);

                /** DataSourceTask pipelineJson */
                pipelineJson?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a DataSourceTask. */
            type $Shape = vegafusion.v1.DataSourceTask.$Properties;
        }

        /**
         * Properties of a SignalTask.
         * @deprecated Use vegafusion.v1.SignalTask.$Properties instead.
         */
        interface ISignalTask extends vegafusion.v1.SignalTask.$Properties {
        }

        /** Represents a SignalTask. */
        class SignalTask {

            /**
             * Constructs a new SignalTask.
             * @param [p] Properties to set
             */
            constructor(p?: vegafusion.v1.SignalTask.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** SignalTask expr. */
            expr: string;

            /**
             * Creates a new SignalTask instance using the specified properties.
             * @param [properties] Properties to set
             * @returns SignalTask instance
             */
            static create(properties: vegafusion.v1.SignalTask.$Shape): vegafusion.v1.SignalTask & vegafusion.v1.SignalTask.$Shape;
            static create(properties?: vegafusion.v1.SignalTask.$Properties): vegafusion.v1.SignalTask;

            /**
             * Encodes the specified SignalTask message. Does not implicitly {@link vegafusion.v1.SignalTask.verify|verify} messages.
             * @param m SignalTask message or plain object to encode
             * @param [w] Writer to encode to
             * @returns Writer
             */
            static encode(m: vegafusion.v1.SignalTask.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a SignalTask message from the specified reader or buffer.
             * @param r Reader or buffer to decode from
             * @param [l] Message length if known beforehand
             * @returns {vegafusion.v1.SignalTask & vegafusion.v1.SignalTask.$Shape} SignalTask
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(r: ($protobuf.Reader|Uint8Array), l?: number): vegafusion.v1.SignalTask & vegafusion.v1.SignalTask.$Shape;

            /**
             * Gets the type url for SignalTask
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace SignalTask {

            /** Properties of a SignalTask. */
            interface $Properties {

                /** SignalTask expr */
                expr?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a SignalTask. */
            type $Shape = vegafusion.v1.SignalTask.$Properties;
        }

        /**
         * Properties of a RenderTask.
         * @deprecated Use vegafusion.v1.RenderTask.$Properties instead.
         */
        interface IRenderTask extends vegafusion.v1.RenderTask.$Properties {
        }

        /** Represents a RenderTask. */
        class RenderTask {

            /**
             * Constructs a new RenderTask.
             * @param [p] Properties to set
             */
            constructor(p?: vegafusion.v1.RenderTask.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** RenderTask source. */
            source: string;

            /** RenderTask markJson. */
            markJson: string;

            /**
             * Creates a new RenderTask instance using the specified properties.
             * @param [properties] Properties to set
             * @returns RenderTask instance
             */
            static create(properties: vegafusion.v1.RenderTask.$Shape): vegafusion.v1.RenderTask & vegafusion.v1.RenderTask.$Shape;
            static create(properties?: vegafusion.v1.RenderTask.$Properties): vegafusion.v1.RenderTask;

            /**
             * Encodes the specified RenderTask message. Does not implicitly {@link vegafusion.v1.RenderTask.verify|verify} messages.
             * @param m RenderTask message or plain object to encode
             * @param [w] Writer to encode to
             * @returns Writer
             */
            static encode(m: vegafusion.v1.RenderTask.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a RenderTask message from the specified reader or buffer.
             * @param r Reader or buffer to decode from
             * @param [l] Message length if known beforehand
             * @returns {vegafusion.v1.RenderTask & vegafusion.v1.RenderTask.$Shape} RenderTask
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(r: ($protobuf.Reader|Uint8Array), l?: number): vegafusion.v1.RenderTask & vegafusion.v1.RenderTask.$Shape;

            /**
             * Gets the type url for RenderTask
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace RenderTask {

            /** Properties of a RenderTask. */
            interface $Properties {

                /** RenderTask source */
                source?: (string|null);

                /** RenderTask markJson */
                markJson?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a RenderTask. */
            type $Shape = vegafusion.v1.RenderTask.$Properties;
        }

        /**
         * Properties of a Task.
         * @deprecated Use vegafusion.v1.Task.$Properties instead.
         */
        interface ITask extends vegafusion.v1.Task.$Properties {
        }

        /** Represents a Task. */
        class Task {

            /**
             * Constructs a new Task.
             * @param [p] Properties to set
             */
            constructor(p?: vegafusion.v1.Task.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Task value. */
            value?: (vegafusion.v1.TaskValue.$Properties|null);

            /** Task url. */
            url?: (vegafusion.v1.DataUrlTask.$Properties|null);

            /** Task values. */
            values?: (vegafusion.v1.DataValuesTask.$Properties|null);

            /** Task source. */
            source?: (vegafusion.v1.DataSourceTask.$Properties|null);

            /** Task signal. */
            signal?: (vegafusion.v1.SignalTask.$Properties|null);

            /** Task render. */
            render?: (vegafusion.v1.RenderTask.$Properties|null);

            /** Task kind. */
            kind?: ("value"|"url"|"values"|"source"|"signal"|"render");

            /**
             * Creates a new Task instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Task instance
             */
            static create(properties: vegafusion.v1.Task.$Shape): vegafusion.v1.Task & vegafusion.v1.Task.$Shape;
            static create(properties?: vegafusion.v1.Task.$Properties): vegafusion.v1.Task;

            /**
             * Encodes the specified Task message. Does not implicitly {@link vegafusion.v1.Task.verify|verify} messages.
             * @param m Task message or plain object to encode
             * @param [w] Writer to encode to
             * @returns Writer
             */
            static encode(m: vegafusion.v1.Task.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Task message from the specified reader or buffer.
             * @param r Reader or buffer to decode from
             * @param [l] Message length if known beforehand
             * @returns {vegafusion.v1.Task & vegafusion.v1.Task.$Shape} Task
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(r: ($protobuf.Reader|Uint8Array), l?: number): vegafusion.v1.Task & vegafusion.v1.Task.$Shape;

            /**
             * Gets the type url for Task
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace Task {

            /** Properties of a Task. */
            interface $Properties {

                /** Task value */
                value?: (vegafusion.v1.TaskValue.$Properties|null);

                /** Task url */
                url?: (vegafusion.v1.DataUrlTask.$Properties|null);

                /** Task values */
                values?: (vegafusion.v1.DataValuesTask.$Properties|null);

                /** Task source */
                source?: (vegafusion.v1.DataSourceTask.$Properties|null);

                /** Task signal */
                signal?: (vegafusion.v1.SignalTask.$Properties|null);

                /** Task render */
                render?: (vegafusion.v1.RenderTask.$Properties|null);

                /** Task kind */
                kind?: ("value"|"url"|"values"|"source"|"signal"|"render");

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Narrowed shape of a Task. */
            type $Shape = {
              value?: vegafusion.v1.TaskValue.$Shape|null;
              url?: vegafusion.v1.DataUrlTask.$Shape|null;
              values?: vegafusion.v1.DataValuesTask.$Shape|null;
              source?: vegafusion.v1.DataSourceTask.$Shape|null;
              signal?: vegafusion.v1.SignalTask.$Shape|null;
              render?: vegafusion.v1.RenderTask.$Shape|null;
              $unknowns?: Uint8Array[];
            } & (
              ({ kind?: undefined; value?: null; url?: null; values?: null; source?: null; signal?: null; render?: null }|{ kind?: "value"; value: vegafusion.v1.TaskValue.$Shape; url?: null; values?: null; source?: null; signal?: null; render?: null }|{ kind?: "url"; value?: null; url: vegafusion.v1.DataUrlTask.$Shape; values?: null; source?: null; signal?: null; render?: null }|{ kind?: "values"; value?: null; url?: null; values: vegafusion.v1.DataValuesTask.$Shape; source?: null; signal?: null; render?: null }|{ kind?: "source"; value?: null; url?: null; values?: null; source: vegafusion.v1.DataSourceTask.$Shape; signal?: null; render?: null }|{ kind?: "signal"; value?: null; url?: null; values?: null; source?: null; signal: vegafusion.v1.SignalTask.$Shape; render?: null }|{ kind?: "render"; value?: null; url?: null; values?: null; source?: null; signal?: null; render: vegafusion.v1.RenderTask.$Shape })
            );
        }

        /**
         * Properties of a TaskNode.
         * @deprecated Use vegafusion.v1.TaskNode.$Properties instead.
         */
        interface ITaskNode extends vegafusion.v1.TaskNode.$Properties {
        }

        /** Represents a TaskNode. */
        class TaskNode {

            /**
             * Constructs a new TaskNode.
             * @param [p] Properties to set
             */
            constructor(p?: vegafusion.v1.TaskNode.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** TaskNode variable. */
            variable?: (vegafusion.v1.Variable.$Properties|null);

            /** TaskNode scope. */
            scope: number[];

            /** TaskNode task. */
            task?: (vegafusion.v1.Task.$Properties|null);

            /** TaskNode parents. */
            parents: number[];

            /** TaskNode outputs. */
            outputs: vegafusion.v1.Variable.$Properties[];

            /**
             * Creates a new TaskNode instance using the specified properties.
             * @param [properties] Properties to set
             * @returns TaskNode instance
             */
            static create(properties: vegafusion.v1.TaskNode.$Shape): vegafusion.v1.TaskNode & vegafusion.v1.TaskNode.$Shape;
            static create(properties?: vegafusion.v1.TaskNode.$Properties): vegafusion.v1.TaskNode;

            /**
             * Encodes the specified TaskNode message. Does not implicitly {@link vegafusion.v1.TaskNode.verify|verify} messages.
             * @param m TaskNode message or plain object to encode
             * @param [w] Writer to encode to
             * @returns Writer
             */
            static encode(m: vegafusion.v1.TaskNode.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a TaskNode message from the specified reader or buffer.
             * @param r Reader or buffer to decode from
             * @param [l] Message length if known beforehand
             * @returns {vegafusion.v1.TaskNode & vegafusion.v1.TaskNode.$Shape} TaskNode
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(r: ($protobuf.Reader|Uint8Array), l?: number): vegafusion.v1.TaskNode & vegafusion.v1.TaskNode.$Shape;

            /**
             * Gets the type url for TaskNode
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace TaskNode {

            /** Properties of a TaskNode. */
            interface $Properties {

                /** TaskNode variable */
                variable?: (vegafusion.v1.Variable.$Properties|null);

                /** TaskNode scope */
                scope?: (number[]|null);

                /** TaskNode task */
                task?: (vegafusion.v1.Task.$Properties|null);

                /** TaskNode parents */
                parents?: (number[]|null);

                /** TaskNode outputs */
                outputs?: (vegafusion.v1.Variable.$Properties[]|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a TaskNode. */
            type $Shape = {
              variable?: vegafusion.v1.Variable.$Shape|null;
              scope?: number[]|null;
              task?: vegafusion.v1.Task.$Shape|null;
              parents?: number[]|null;
              outputs?: vegafusion.v1.Variable.$Shape[]|null;
              $unknowns?: Uint8Array[];
            };
        }

        /**
         * Properties of a TaskGraph.
         * @deprecated Use vegafusion.v1.TaskGraph.$Properties instead.
         */
        interface ITaskGraph extends vegafusion.v1.TaskGraph.$Properties {
        }

        /** Represents a TaskGraph. */
        class TaskGraph {

            /**
             * Constructs a new TaskGraph.
             * @param [p] Properties to set
             */
            constructor(p?: vegafusion.v1.TaskGraph.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** TaskGraph nodes. */
            nodes: vegafusion.v1.TaskNode.$Properties[];

            /**
             * Creates a new TaskGraph instance using the specified properties.
             * @param [properties] Properties to set
             * @returns TaskGraph instance
             */
            static create(properties: vegafusion.v1.TaskGraph.$Shape): vegafusion.v1.TaskGraph & vegafusion.v1.TaskGraph.$Shape;
            static create(properties?: vegafusion.v1.TaskGraph.$Properties): vegafusion.v1.TaskGraph;

            /**
             * Encodes the specified TaskGraph message. Does not implicitly {@link vegafusion.v1.TaskGraph.verify|verify} messages.
             * @param m TaskGraph message or plain object to encode
             * @param [w] Writer to encode to
             * @returns Writer
             */
            static encode(m: vegafusion.v1.TaskGraph.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a TaskGraph message from the specified reader or buffer.
             * @param r Reader or buffer to decode from
             * @param [l] Message length if known beforehand
             * @returns {vegafusion.v1.TaskGraph & vegafusion.v1.TaskGraph.$Shape} TaskGraph
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(r: ($protobuf.Reader|Uint8Array), l?: number): vegafusion.v1.TaskGraph & vegafusion.v1.TaskGraph.$Shape;

            /**
             * Gets the type url for TaskGraph
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace TaskGraph {

            /** Properties of a TaskGraph. */
            interface $Properties {

                /** TaskGraph nodes */
                nodes?: (vegafusion.v1.TaskNode.$Properties[]|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a TaskGraph. */
            type $Shape = {
              nodes?: vegafusion.v1.TaskNode.$Shape[]|null;
              $unknowns?: Uint8Array[];
            };
        }

        /**
         * Properties of a QueryItem.
         * @deprecated Use vegafusion.v1.QueryItem.$Properties instead.
         */
        interface IQueryItem extends vegafusion.v1.QueryItem.$Properties {
        }

        /** Represents a QueryItem. */
        class QueryItem {

            /**
             * Constructs a new QueryItem.
             * @param [p] Properties to set
             */
            constructor(p?: vegafusion.v1.QueryItem.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** QueryItem node. */
            node: number;

            /** QueryItem signalsOnly. */
            signalsOnly: boolean;

            /** QueryItem columns. */
            columns: string[];

            /**
             * Creates a new QueryItem instance using the specified properties.
             * @param [properties] Properties to set
             * @returns QueryItem instance
             */
            static create(properties: vegafusion.v1.QueryItem.$Shape): vegafusion.v1.QueryItem & vegafusion.v1.QueryItem.$Shape;
            static create(properties?: vegafusion.v1.QueryItem.$Properties): vegafusion.v1.QueryItem;

            /**
             * Encodes the specified QueryItem message. Does not implicitly {@link vegafusion.v1.QueryItem.verify|verify} messages.
             * @param m QueryItem message or plain object to encode
             * @param [w] Writer to encode to
             * @returns Writer
             */
            static encode(m: vegafusion.v1.QueryItem.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a QueryItem message from the specified reader or buffer.
             * @param r Reader or buffer to decode from
             * @param [l] Message length if known beforehand
             * @returns {vegafusion.v1.QueryItem & vegafusion.v1.QueryItem.$Shape} QueryItem
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(r: ($protobuf.Reader|Uint8Array), l?: number): vegafusion.v1.QueryItem & vegafusion.v1.QueryItem.$Shape;

            /**
             * Gets the type url for QueryItem
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace QueryItem {

            /** Properties of a QueryItem. */
            interface $Properties {

                /** QueryItem node */
                node?: (number|null);

                /** QueryItem signalsOnly */
                signalsOnly?: (boolean|null);

                /** QueryItem columns */
                columns?: (string[]|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a QueryItem. */
            type $Shape = vegafusion.v1.QueryItem.$Properties;
        }

        /**
         * Properties of a SelectionHint.
         * @deprecated Use vegafusion.v1.SelectionHint.$Properties instead.
         */
        interface ISelectionHint extends vegafusion.v1.SelectionHint.$Properties {
        }

        /** Represents a SelectionHint. */
        class SelectionHint {

            /**
             * Constructs a new SelectionHint.
             * @param [p] Properties to set
             */
            constructor(p?: vegafusion.v1.SelectionHint.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** SelectionHint store. */
            store: string;

            /** SelectionHint fields. */
            fields: string[];

            /**
             * Creates a new SelectionHint instance using the specified properties.
             * @param [properties] Properties to set
             * @returns SelectionHint instance
             */
            static create(properties: vegafusion.v1.SelectionHint.$Shape): vegafusion.v1.SelectionHint & vegafusion.v1.SelectionHint.$Shape;
            static create(properties?: vegafusion.v1.SelectionHint.$Properties): vegafusion.v1.SelectionHint;

            /**
             * Encodes the specified SelectionHint message. Does not implicitly {@link vegafusion.v1.SelectionHint.verify|verify} messages.
             * @param m SelectionHint message or plain object to encode
             * @param [w] Writer to encode to
             * @returns Writer
             */
            static encode(m: vegafusion.v1.SelectionHint.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a SelectionHint message from the specified reader or buffer.
             * @param r Reader or buffer to decode from
             * @param [l] Message length if known beforehand
             * @returns {vegafusion.v1.SelectionHint & vegafusion.v1.SelectionHint.$Shape} SelectionHint
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(r: ($protobuf.Reader|Uint8Array), l?: number): vegafusion.v1.SelectionHint & vegafusion.v1.SelectionHint.$Shape;

            /**
             * Gets the type url for SelectionHint
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace SelectionHint {

            /** Properties of a SelectionHint. */
            interface $Properties {

                /** SelectionHint store */
                store?: (string|null);

                /** SelectionHint fields */
                fields?: (string[]|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a SelectionHint. */
            type $Shape = vegafusion.v1.SelectionHint.$Properties;
        }

        /**
         * Properties of a Query.
         * @deprecated Use vegafusion.v1.Query.$Properties instead.
         */
        interface IQuery extends vegafusion.v1.Query.$Properties {
        }

        /** Represents a Query. */
        class Query {

            /**
             * Constructs a new Query.
             * @param [p] Properties to set
             */
            constructor(p?: vegafusion.v1.Query.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Query requestId. */
            requestId: number;

            /** Query graph. */
            graph?: (vegafusion.v1.TaskGraph.$Properties|null);

            /** Query items. */
            items: vegafusion.v1.QueryItem.$Properties[];

            /** Query timeZone. */
            timeZone: string;

            /** Query selectionHints. */
            selectionHints: vegafusion.v1.SelectionHint.$Properties[];

            /** Query arrowFrames. */
            arrowFrames: boolean;

            /**
             * Creates a new Query instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Query instance
             */
            static create(properties: vegafusion.v1.Query.$Shape): vegafusion.v1.Query & vegafusion.v1.Query.$Shape;
            static create(properties?: vegafusion.v1.Query.$Properties): vegafusion.v1.Query;

            /**
             * Encodes the specified Query message. Does not implicitly {@link vegafusion.v1.Query.verify|verify} messages.
             * @param m Query message or plain object to encode
             * @param [w] Writer to encode to
             * @returns Writer
             */
            static encode(m: vegafusion.v1.Query.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Query message from the specified reader or buffer.
             * @param r Reader or buffer to decode from
             * @param [l] Message length if known beforehand
             * @returns {vegafusion.v1.Query & vegafusion.v1.Query.$Shape} Query
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(r: ($protobuf.Reader|Uint8Array), l?: number): vegafusion.v1.Query & vegafusion.v1.Query.$Shape;

            /**
             * Gets the type url for Query
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace Query {

            /** Properties of a Query. */
            interface $Properties {

                /** Query requestId */
                requestId?: (number|null);

                /** Query graph */
                graph?: (vegafusion.v1.TaskGraph.$Properties|null);

                /** Query items */
                items?: (vegafusion.v1.QueryItem.$Properties[]|null);

                /** Query timeZone */
                timeZone?: (string|null);

                /** Query selectionHints */
                selectionHints?: (vegafusion.v1.SelectionHint.$Properties[]|null);

                /** Query arrowFrames */
                arrowFrames?: (boolean|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a Query. */
            type $Shape = {
              requestId?: number|null;
              graph?: vegafusion.v1.TaskGraph.$Shape|null;
              items?: vegafusion.v1.QueryItem.$Shape[]|null;
              timeZone?: string|null;
              selectionHints?: vegafusion.v1.SelectionHint.$Shape[]|null;
              arrowFrames?: boolean|null;
              $unknowns?: Uint8Array[];
            };
        }

        /**
         * Properties of a Cancel.
         * @deprecated Use vegafusion.v1.Cancel.$Properties instead.
         */
        interface ICancel extends vegafusion.v1.Cancel.$Properties {
        }

        /** Represents a Cancel. */
        class Cancel {

            /**
             * Constructs a new Cancel.
             * @param [p] Properties to set
             */
            constructor(p?: vegafusion.v1.Cancel.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Cancel requestId. */
            requestId: number;

            /**
             * Creates a new Cancel instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Cancel instance
             */
            static create(properties: vegafusion.v1.Cancel.$Shape): vegafusion.v1.Cancel & vegafusion.v1.Cancel.$Shape;
            static create(properties?: vegafusion.v1.Cancel.$Properties): vegafusion.v1.Cancel;

            /**
             * Encodes the specified Cancel message. Does not implicitly {@link vegafusion.v1.Cancel.verify|verify} messages.
             * @param m Cancel message or plain object to encode
             * @param [w] Writer to encode to
             * @returns Writer
             */
            static encode(m: vegafusion.v1.Cancel.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Cancel message from the specified reader or buffer.
             * @param r Reader or buffer to decode from
             * @param [l] Message length if known beforehand
             * @returns {vegafusion.v1.Cancel & vegafusion.v1.Cancel.$Shape} Cancel
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(r: ($protobuf.Reader|Uint8Array), l?: number): vegafusion.v1.Cancel & vegafusion.v1.Cancel.$Shape;

            /**
             * Gets the type url for Cancel
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace Cancel {

            /** Properties of a Cancel. */
            interface $Properties {

                /** Cancel requestId */
                requestId?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a Cancel. */
            type $Shape = vegafusion.v1.Cancel.$Properties;
        }

        /**
         * Properties of a CapabilitiesRequest.
         * @deprecated Use vegafusion.v1.CapabilitiesRequest.$Properties instead.
         */
        interface ICapabilitiesRequest extends vegafusion.v1.CapabilitiesRequest.$Properties {
        }

        /** Represents a CapabilitiesRequest. */
        class CapabilitiesRequest {

            /**
             * Constructs a new CapabilitiesRequest.
             * @param [p] Properties to set
             */
            constructor(p?: vegafusion.v1.CapabilitiesRequest.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** CapabilitiesRequest requestId. */
            requestId: number;

            /**
             * Creates a new CapabilitiesRequest instance using the specified properties.
             * @param [properties] Properties to set
             * @returns CapabilitiesRequest instance
             */
            static create(properties: vegafusion.v1.CapabilitiesRequest.$Shape): vegafusion.v1.CapabilitiesRequest & vegafusion.v1.CapabilitiesRequest.$Shape;
            static create(properties?: vegafusion.v1.CapabilitiesRequest.$Properties): vegafusion.v1.CapabilitiesRequest;

            /**
             * Encodes the specified CapabilitiesRequest message. Does not implicitly {@link vegafusion.v1.CapabilitiesRequest.verify|verify} messages.
             * @param m CapabilitiesRequest message or plain object to encode
             * @param [w] Writer to encode to
             * @returns Writer
             */
            static encode(m: vegafusion.v1.CapabilitiesRequest.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a CapabilitiesRequest message from the specified reader or buffer.
             * @param r Reader or buffer to decode from
             * @param [l] Message length if known beforehand
             * @returns {vegafusion.v1.CapabilitiesRequest & vegafusion.v1.CapabilitiesRequest.$Shape} CapabilitiesRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(r: ($protobuf.Reader|Uint8Array), l?: number): vegafusion.v1.CapabilitiesRequest & vegafusion.v1.CapabilitiesRequest.$Shape;

            /**
             * Gets the type url for CapabilitiesRequest
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace CapabilitiesRequest {

            /** Properties of a CapabilitiesRequest. */
            interface $Properties {

                /** CapabilitiesRequest requestId */
                requestId?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a CapabilitiesRequest. */
            type $Shape = vegafusion.v1.CapabilitiesRequest.$Properties;
        }

        /**
         * Properties of a NamedValue.
         * @deprecated Use vegafusion.v1.NamedValue.$Properties instead.
         */
        interface INamedValue extends vegafusion.v1.NamedValue.$Properties {
        }

        /** Represents a NamedValue. */
        class NamedValue {

            /**
             * Constructs a new NamedValue.
             * @param [p] Properties to set
             */
            constructor(p?: vegafusion.v1.NamedValue.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** NamedValue name. */
            name: string;

            /** NamedValue value. */
            value?: (vegafusion.v1.TaskValue.$Properties|null);

            /**
             * Creates a new NamedValue instance using the specified properties.
             * @param [properties] Properties to set
             * @returns NamedValue instance
             */
            static create(properties: vegafusion.v1.NamedValue.$Shape): vegafusion.v1.NamedValue & vegafusion.v1.NamedValue.$Shape;
            static create(properties?: vegafusion.v1.NamedValue.$Properties): vegafusion.v1.NamedValue;

            /**
             * Encodes the specified NamedValue message. Does not implicitly {@link vegafusion.v1.NamedValue.verify|verify} messages.
             * @param m NamedValue message or plain object to encode
             * @param [w] Writer to encode to
             * @returns Writer
             */
            static encode(m: vegafusion.v1.NamedValue.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a NamedValue message from the specified reader or buffer.
             * @param r Reader or buffer to decode from
             * @param [l] Message length if known beforehand
             * @returns {vegafusion.v1.NamedValue & vegafusion.v1.NamedValue.$Shape} NamedValue
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(r: ($protobuf.Reader|Uint8Array), l?: number): vegafusion.v1.NamedValue & vegafusion.v1.NamedValue.$Shape;

            /**
             * Gets the type url for NamedValue
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace NamedValue {

            /** Properties of a NamedValue. */
            interface $Properties {

                /** NamedValue name */
                name?: (string|null);

                /** NamedValue value */
                value?: (vegafusion.v1.TaskValue.$Properties|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a NamedValue. */
            type $Shape = {
              name?: string|null;
              value?: vegafusion.v1.TaskValue.$Shape|null;
              $unknowns?: Uint8Array[];
            };
        }

        /**
         * Properties of a NodeValue.
         * @deprecated Use vegafusion.v1.NodeValue.$Properties instead.
         */
        interface INodeValue extends vegafusion.v1.NodeValue.$Properties {
        }

        /** Represents a NodeValue. */
        class NodeValue {

            /**
             * Constructs a new NodeValue.
             * @param [p] Properties to set
             */
            constructor(p?: vegafusion.v1.NodeValue.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** NodeValue node. */
            node: number;

            /** NodeValue value. */
            value?: (vegafusion.v1.TaskValue.$Properties|null);

            /** NodeValue signals. */
            signals: vegafusion.v1.NamedValue.$Properties[];

            /** NodeValue origin. */
            origin: string;

            /**
             * Creates a new NodeValue instance using the specified properties.
             * @param [properties] Properties to set
             * @returns NodeValue instance
             */
            static create(properties: vegafusion.v1.NodeValue.$Shape): vegafusion.v1.NodeValue & vegafusion.v1.NodeValue.$Shape;
            static create(properties?: vegafusion.v1.NodeValue.$Properties): vegafusion.v1.NodeValue;

            /**
             * Encodes the specified NodeValue message. Does not implicitly {@link vegafusion.v1.NodeValue.verify|verify} messages.
             * @param m NodeValue message or plain object to encode
             * @param [w] Writer to encode to
             * @returns Writer
             */
            static encode(m: vegafusion.v1.NodeValue.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a NodeValue message from the specified reader or buffer.
             * @param r Reader or buffer to decode from
             * @param [l] Message length if known beforehand
             * @returns {vegafusion.v1.NodeValue & vegafusion.v1.NodeValue.$Shape} NodeValue
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(r: ($protobuf.Reader|Uint8Array), l?: number): vegafusion.v1.NodeValue & vegafusion.v1.NodeValue.$Shape;

            /**
             * Gets the type url for NodeValue
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace NodeValue {

            /** Properties of a NodeValue. */
            interface $Properties {

                /** NodeValue node */
                node?: (number|null);

                /** NodeValue value */
                value?: (vegafusion.v1.TaskValue.$Properties|null);

                /** NodeValue signals */
                signals?: (vegafusion.v1.NamedValue.$Properties[]|null);

                /** NodeValue origin */
                origin?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a NodeValue. */
            type $Shape = {
              node?: number|null;
              value?: vegafusion.v1.TaskValue.$Shape|null;
              signals?: vegafusion.v1.NamedValue.$Shape[]|null;
              origin?: string|null;
              $unknowns?: Uint8Array[];
            };
        }

        /**
         * Properties of a QueryStats.
         * @deprecated Use vegafusion.v1.QueryStats.$Properties instead.
         */
        interface IQueryStats extends vegafusion.v1.QueryStats.$Properties {
        }

        /** Represents a QueryStats. */
        class QueryStats {

            /**
             * Constructs a new QueryStats.
             * @param [p] Properties to set
             */
            constructor(p?: vegafusion.v1.QueryStats.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** QueryStats nodesComputed. */
            nodesComputed: number;

            /** QueryStats cacheHits. */
            cacheHits: number;

            /** QueryStats elapsedMs. */
            elapsedMs: number;

            /**
             * Creates a new QueryStats instance using the specified properties.
             * @param [properties] Properties to set
             * @returns QueryStats instance
             */
            static create(properties: vegafusion.v1.QueryStats.$Shape): vegafusion.v1.QueryStats & vegafusion.v1.QueryStats.$Shape;
            static create(properties?: vegafusion.v1.QueryStats.$Properties): vegafusion.v1.QueryStats;

            /**
             * Encodes the specified QueryStats message. Does not implicitly {@link vegafusion.v1.QueryStats.verify|verify} messages.
             * @param m QueryStats message or plain object to encode
             * @param [w] Writer to encode to
             * @returns Writer
             */
            static encode(m: vegafusion.v1.QueryStats.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a QueryStats message from the specified reader or buffer.
             * @param r Reader or buffer to decode from
             * @param [l] Message length if known beforehand
             * @returns {vegafusion.v1.QueryStats & vegafusion.v1.QueryStats.$Shape} QueryStats
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(r: ($protobuf.Reader|Uint8Array), l?: number): vegafusion.v1.QueryStats & vegafusion.v1.QueryStats.$Shape;

            /**
             * Gets the type url for QueryStats
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace QueryStats {

            /** Properties of a QueryStats. */
            interface $Properties {

                /** QueryStats nodesComputed */
                nodesComputed?: (number|null);

                /** QueryStats cacheHits */
                cacheHits?: (number|null);

                /** QueryStats elapsedMs */
                elapsedMs?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a QueryStats. */
            type $Shape = vegafusion.v1.QueryStats.$Properties;
        }

        /**
         * Properties of a QueryResult.
         * @deprecated Use vegafusion.v1.QueryResult.$Properties instead.
         */
        interface IQueryResult extends vegafusion.v1.QueryResult.$Properties {
        }

        /** Represents a QueryResult. */
        class QueryResult {

            /**
             * Constructs a new QueryResult.
             * @param [p] Properties to set
             */
            constructor(p?: vegafusion.v1.QueryResult.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** QueryResult requestId. */
            requestId: number;

            /** QueryResult values. */
            values: vegafusion.v1.NodeValue.$Properties[];

            /** QueryResult stats. */
            stats?: (vegafusion.v1.QueryStats.$Properties|null);

            /**
             * Creates a new QueryResult instance using the specified properties.
             * @param [properties] Properties to set
             * @returns QueryResult instance
             */
            static create(properties: vegafusion.v1.QueryResult.$Shape): vegafusion.v1.QueryResult & vegafusion.v1.QueryResult.$Shape;
            static create(properties?: vegafusion.v1.QueryResult.$Properties): vegafusion.v1.QueryResult;

            /**
             * Encodes the specified QueryResult message. Does not implicitly {@link vegafusion.v1.QueryResult.verify|verify} messages.
             * @param m QueryResult message or plain object to encode
             * @param [w] Writer to encode to
             * @returns Writer
             */
            static encode(m: vegafusion.v1.QueryResult.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a QueryResult message from the specified reader or buffer.
             * @param r Reader or buffer to decode from
             * @param [l] Message length if known beforehand
             * @returns {vegafusion.v1.QueryResult & vegafusion.v1.QueryResult.$Shape} QueryResult
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(r: ($protobuf.Reader|Uint8Array), l?: number): vegafusion.v1.QueryResult & vegafusion.v1.QueryResult.$Shape;

            /**
             * Gets the type url for QueryResult
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace QueryResult {

            /** Properties of a QueryResult. */
            interface $Properties {

                /** QueryResult requestId */
                requestId?: (number|null);

                /** QueryResult values */
                values?: (vegafusion.v1.NodeValue.$Properties[]|null);

                /** QueryResult stats */
                stats?: (vegafusion.v1.QueryStats.$Properties|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a QueryResult. */
            type $Shape = {
              requestId?: number|null;
              values?: vegafusion.v1.NodeValue.$Shape[]|null;
              stats?: vegafusion.v1.QueryStats.$Shape|null;
              $unknowns?: Uint8Array[];
            };
        }

        /**
         * Properties of an Error.
         * @deprecated Use vegafusion.v1.Error.$Properties instead.
         */
        interface IError extends vegafusion.v1.Error.$Properties {
        }

        /** Represents an Error. */
        class Error {

            /**
             * Constructs a new Error.
             * @param [p] Properties to set
             */
            constructor(p?: vegafusion.v1.Error.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Error requestId. */
            requestId: number;

            /** Error code. */
            code: string;

            /** Error message. */
            message: string;

            /** Error path. */
            path: string;

            /**
             * Creates a new Error instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Error instance
             */
            static create(properties: vegafusion.v1.Error.$Shape): vegafusion.v1.Error & vegafusion.v1.Error.$Shape;
            static create(properties?: vegafusion.v1.Error.$Properties): vegafusion.v1.Error;

            /**
             * Encodes the specified Error message. Does not implicitly {@link vegafusion.v1.Error.verify|verify} messages.
             * @param m Error message or plain object to encode
             * @param [w] Writer to encode to
             * @returns Writer
             */
            static encode(m: vegafusion.v1.Error.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an Error message from the specified reader or buffer.
             * @param r Reader or buffer to decode from
             * @param [l] Message length if known beforehand
             * @returns {vegafusion.v1.Error & vegafusion.v1.Error.$Shape} Error
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(r: ($protobuf.Reader|Uint8Array), l?: number): vegafusion.v1.Error & vegafusion.v1.Error.$Shape;

            /**
             * Gets the type url for Error
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace Error {

            /** Properties of an Error. */
            interface $Properties {

                /** Error requestId */
                requestId?: (number|null);

                /** Error code */
                code?: (string|null);

                /** Error message */
                message?: (string|null);

                /** Error path */
                path?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an Error. */
            type $Shape = vegafusion.v1.Error.$Properties;
        }

        /**
         * Properties of a Capabilities.
         * @deprecated Use vegafusion.v1.Capabilities.$Properties instead.
         */
        interface ICapabilities extends vegafusion.v1.Capabilities.$Properties {
        }

        /** Represents a Capabilities. */
        class Capabilities {

            /**
             * Constructs a new Capabilities.
             * @param [p] Properties to set
             */
            constructor(p?: vegafusion.v1.Capabilities.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Capabilities requestId. */
            requestId: number;

            /** Capabilities protocolVersion. */
            protocolVersion: number;

            /** Capabilities runtimeVersion. */
            runtimeVersion: string;

            /** Capabilities transforms. */
            transforms: string[];

            /** Capabilities aggregateOps. */
            aggregateOps: string[];

            /** Capabilities windowOps. */
            windowOps: string[];

            /** Capabilities expressionFunctions. */
            expressionFunctions: string[];

            /** Capabilities dataFormats. */
            dataFormats: string[];

            /** Capabilities transformParamsJson. */
            transformParamsJson: string;

            /**
             * Creates a new Capabilities instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Capabilities instance
             */
            static create(properties: vegafusion.v1.Capabilities.$Shape): vegafusion.v1.Capabilities & vegafusion.v1.Capabilities.$Shape;
            static create(properties?: vegafusion.v1.Capabilities.$Properties): vegafusion.v1.Capabilities;

            /**
             * Encodes the specified Capabilities message. Does not implicitly {@link vegafusion.v1.Capabilities.verify|verify} messages.
             * @param m Capabilities message or plain object to encode
             * @param [w] Writer to encode to
             * @returns Writer
             */
            static encode(m: vegafusion.v1.Capabilities.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Capabilities message from the specified reader or buffer.
             * @param r Reader or buffer to decode from
             * @param [l] Message length if known beforehand
             * @returns {vegafusion.v1.Capabilities & vegafusion.v1.Capabilities.$Shape} Capabilities
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(r: ($protobuf.Reader|Uint8Array), l?: number): vegafusion.v1.Capabilities & vegafusion.v1.Capabilities.$Shape;

            /**
             * Gets the type url for Capabilities
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace Capabilities {

            /** Properties of a Capabilities. */
            interface $Properties {

                /** Capabilities requestId */
                requestId?: (number|null);

                /** Capabilities protocolVersion */
                protocolVersion?: (number|null);

                /** Capabilities runtimeVersion */
                runtimeVersion?: (string|null);

                /** Capabilities transforms */
                transforms?: (string[]|null);

                /** Capabilities aggregateOps */
                aggregateOps?: (string[]|null);

                /** Capabilities windowOps */
                windowOps?: (string[]|null);

                /** Capabilities expressionFunctions */
                expressionFunctions?: (string[]|null);

                /** Capabilities dataFormats */
                dataFormats?: (string[]|null);

                /** Capabilities transformParamsJson */
                transformParamsJson?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a Capabilities. */
            type $Shape = vegafusion.v1.Capabilities.$Properties;
        }
    }
}
