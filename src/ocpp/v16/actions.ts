import type * as T from "./types.ts";

/** Actions a 1.6 charge point initiates: [request, response]. */
export interface CpInitiated16 {
  Authorize: [T.AuthorizeRequest, T.AuthorizeResponse];
  BootNotification: [T.BootNotificationRequest, T.BootNotificationResponse];
  DataTransfer: [T.DataTransferRequest, T.DataTransferResponse];
  DiagnosticsStatusNotification: [
    T.DiagnosticsStatusNotificationRequest,
    T.DiagnosticsStatusNotificationResponse,
  ];
  FirmwareStatusNotification: [T.FirmwareStatusNotificationRequest, T.FirmwareStatusNotificationResponse];
  Heartbeat: [T.HeartbeatRequest, T.HeartbeatResponse];
  MeterValues: [T.MeterValuesRequest, T.MeterValuesResponse];
  StartTransaction: [T.StartTransactionRequest, T.StartTransactionResponse];
  StatusNotification: [T.StatusNotificationRequest, T.StatusNotificationResponse];
  StopTransaction: [T.StopTransactionRequest, T.StopTransactionResponse];
}

/** Actions a 1.6 central system initiates: [request, response]. */
export interface CsInitiated16 {
  CancelReservation: [T.CancelReservationRequest, T.CancelReservationResponse];
  ChangeAvailability: [T.ChangeAvailabilityRequest, T.ChangeAvailabilityResponse];
  ChangeConfiguration: [T.ChangeConfigurationRequest, T.ChangeConfigurationResponse];
  ClearCache: [T.ClearCacheRequest, T.ClearCacheResponse];
  ClearChargingProfile: [T.ClearChargingProfileRequest, T.ClearChargingProfileResponse];
  DataTransfer: [T.DataTransferRequest, T.DataTransferResponse];
  GetCompositeSchedule: [T.GetCompositeScheduleRequest, T.GetCompositeScheduleResponse];
  GetConfiguration: [T.GetConfigurationRequest, T.GetConfigurationResponse];
  GetDiagnostics: [T.GetDiagnosticsRequest, T.GetDiagnosticsResponse];
  GetLocalListVersion: [T.GetLocalListVersionRequest, T.GetLocalListVersionResponse];
  RemoteStartTransaction: [T.RemoteStartTransactionRequest, T.RemoteStartTransactionResponse];
  RemoteStopTransaction: [T.RemoteStopTransactionRequest, T.RemoteStopTransactionResponse];
  ReserveNow: [T.ReserveNowRequest, T.ReserveNowResponse];
  Reset: [T.ResetRequest, T.ResetResponse];
  SendLocalList: [T.SendLocalListRequest, T.SendLocalListResponse];
  SetChargingProfile: [T.SetChargingProfileRequest, T.SetChargingProfileResponse];
  TriggerMessage: [T.TriggerMessageRequest, T.TriggerMessageResponse];
  UnlockConnector: [T.UnlockConnectorRequest, T.UnlockConnectorResponse];
  UpdateFirmware: [T.UpdateFirmwareRequest, T.UpdateFirmwareResponse];
}

export type Req<M, A extends keyof M> = M[A] extends [infer Q, unknown] ? Q : never;
export type Res<M, A extends keyof M> = M[A] extends [unknown, infer R] ? R : never;

// `satisfies Record<keyof …>` makes forgetting or misspelling an action a compile error.
export const CP_INITIATED_16 = Object.keys({
  Authorize: 1,
  BootNotification: 1,
  DataTransfer: 1,
  DiagnosticsStatusNotification: 1,
  FirmwareStatusNotification: 1,
  Heartbeat: 1,
  MeterValues: 1,
  StartTransaction: 1,
  StatusNotification: 1,
  StopTransaction: 1,
} satisfies Record<keyof CpInitiated16, 1>) as (keyof CpInitiated16)[];

export const CS_INITIATED_16 = Object.keys({
  CancelReservation: 1,
  ChangeAvailability: 1,
  ChangeConfiguration: 1,
  ClearCache: 1,
  ClearChargingProfile: 1,
  DataTransfer: 1,
  GetCompositeSchedule: 1,
  GetConfiguration: 1,
  GetDiagnostics: 1,
  GetLocalListVersion: 1,
  RemoteStartTransaction: 1,
  RemoteStopTransaction: 1,
  ReserveNow: 1,
  Reset: 1,
  SendLocalList: 1,
  SetChargingProfile: 1,
  TriggerMessage: 1,
  UnlockConnector: 1,
  UpdateFirmware: 1,
} satisfies Record<keyof CsInitiated16, 1>) as (keyof CsInitiated16)[];
