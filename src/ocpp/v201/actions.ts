import type * as T from "./types.ts";

/** Actions a 2.0.1 charging station initiates: [request, response]. */
export interface StationInitiated201 {
  Authorize: [T.AuthorizeRequest, T.AuthorizeResponse];
  BootNotification: [T.BootNotificationRequest, T.BootNotificationResponse];
  ClearedChargingLimit: [T.ClearedChargingLimitRequest, T.ClearedChargingLimitResponse];
  DataTransfer: [T.DataTransferRequest, T.DataTransferResponse];
  FirmwareStatusNotification: [T.FirmwareStatusNotificationRequest, T.FirmwareStatusNotificationResponse];
  Get15118EVCertificate: [T.Get15118EVCertificateRequest, T.Get15118EVCertificateResponse];
  GetCertificateStatus: [T.GetCertificateStatusRequest, T.GetCertificateStatusResponse];
  Heartbeat: [T.HeartbeatRequest, T.HeartbeatResponse];
  LogStatusNotification: [T.LogStatusNotificationRequest, T.LogStatusNotificationResponse];
  MeterValues: [T.MeterValuesRequest, T.MeterValuesResponse];
  NotifyChargingLimit: [T.NotifyChargingLimitRequest, T.NotifyChargingLimitResponse];
  NotifyCustomerInformation: [T.NotifyCustomerInformationRequest, T.NotifyCustomerInformationResponse];
  NotifyDisplayMessages: [T.NotifyDisplayMessagesRequest, T.NotifyDisplayMessagesResponse];
  NotifyEVChargingNeeds: [T.NotifyEVChargingNeedsRequest, T.NotifyEVChargingNeedsResponse];
  NotifyEVChargingSchedule: [T.NotifyEVChargingScheduleRequest, T.NotifyEVChargingScheduleResponse];
  NotifyEvent: [T.NotifyEventRequest, T.NotifyEventResponse];
  NotifyMonitoringReport: [T.NotifyMonitoringReportRequest, T.NotifyMonitoringReportResponse];
  NotifyReport: [T.NotifyReportRequest, T.NotifyReportResponse];
  PublishFirmwareStatusNotification: [
    T.PublishFirmwareStatusNotificationRequest,
    T.PublishFirmwareStatusNotificationResponse,
  ];
  ReportChargingProfiles: [T.ReportChargingProfilesRequest, T.ReportChargingProfilesResponse];
  ReservationStatusUpdate: [T.ReservationStatusUpdateRequest, T.ReservationStatusUpdateResponse];
  SecurityEventNotification: [T.SecurityEventNotificationRequest, T.SecurityEventNotificationResponse];
  SignCertificate: [T.SignCertificateRequest, T.SignCertificateResponse];
  StatusNotification: [T.StatusNotificationRequest, T.StatusNotificationResponse];
  TransactionEvent: [T.TransactionEventRequest, T.TransactionEventResponse];
}

/** Actions a 2.0.1 CSMS initiates: [request, response]. */
export interface CsmsInitiated201 {
  CancelReservation: [T.CancelReservationRequest, T.CancelReservationResponse];
  CertificateSigned: [T.CertificateSignedRequest, T.CertificateSignedResponse];
  ChangeAvailability: [T.ChangeAvailabilityRequest, T.ChangeAvailabilityResponse];
  ClearCache: [T.ClearCacheRequest, T.ClearCacheResponse];
  ClearChargingProfile: [T.ClearChargingProfileRequest, T.ClearChargingProfileResponse];
  ClearDisplayMessage: [T.ClearDisplayMessageRequest, T.ClearDisplayMessageResponse];
  ClearVariableMonitoring: [T.ClearVariableMonitoringRequest, T.ClearVariableMonitoringResponse];
  CostUpdated: [T.CostUpdatedRequest, T.CostUpdatedResponse];
  CustomerInformation: [T.CustomerInformationRequest, T.CustomerInformationResponse];
  DataTransfer: [T.DataTransferRequest, T.DataTransferResponse];
  DeleteCertificate: [T.DeleteCertificateRequest, T.DeleteCertificateResponse];
  GetBaseReport: [T.GetBaseReportRequest, T.GetBaseReportResponse];
  GetChargingProfiles: [T.GetChargingProfilesRequest, T.GetChargingProfilesResponse];
  GetCompositeSchedule: [T.GetCompositeScheduleRequest, T.GetCompositeScheduleResponse];
  GetDisplayMessages: [T.GetDisplayMessagesRequest, T.GetDisplayMessagesResponse];
  GetInstalledCertificateIds: [T.GetInstalledCertificateIdsRequest, T.GetInstalledCertificateIdsResponse];
  GetLocalListVersion: [T.GetLocalListVersionRequest, T.GetLocalListVersionResponse];
  GetLog: [T.GetLogRequest, T.GetLogResponse];
  GetMonitoringReport: [T.GetMonitoringReportRequest, T.GetMonitoringReportResponse];
  GetReport: [T.GetReportRequest, T.GetReportResponse];
  GetTransactionStatus: [T.GetTransactionStatusRequest, T.GetTransactionStatusResponse];
  GetVariables: [T.GetVariablesRequest, T.GetVariablesResponse];
  InstallCertificate: [T.InstallCertificateRequest, T.InstallCertificateResponse];
  PublishFirmware: [T.PublishFirmwareRequest, T.PublishFirmwareResponse];
  RequestStartTransaction: [T.RequestStartTransactionRequest, T.RequestStartTransactionResponse];
  RequestStopTransaction: [T.RequestStopTransactionRequest, T.RequestStopTransactionResponse];
  ReserveNow: [T.ReserveNowRequest, T.ReserveNowResponse];
  Reset: [T.ResetRequest, T.ResetResponse];
  SendLocalList: [T.SendLocalListRequest, T.SendLocalListResponse];
  SetChargingProfile: [T.SetChargingProfileRequest, T.SetChargingProfileResponse];
  SetDisplayMessage: [T.SetDisplayMessageRequest, T.SetDisplayMessageResponse];
  SetMonitoringBase: [T.SetMonitoringBaseRequest, T.SetMonitoringBaseResponse];
  SetMonitoringLevel: [T.SetMonitoringLevelRequest, T.SetMonitoringLevelResponse];
  SetNetworkProfile: [T.SetNetworkProfileRequest, T.SetNetworkProfileResponse];
  SetVariableMonitoring: [T.SetVariableMonitoringRequest, T.SetVariableMonitoringResponse];
  SetVariables: [T.SetVariablesRequest, T.SetVariablesResponse];
  TriggerMessage: [T.TriggerMessageRequest, T.TriggerMessageResponse];
  UnlockConnector: [T.UnlockConnectorRequest, T.UnlockConnectorResponse];
  UnpublishFirmware: [T.UnpublishFirmwareRequest, T.UnpublishFirmwareResponse];
  UpdateFirmware: [T.UpdateFirmwareRequest, T.UpdateFirmwareResponse];
}

export type Req<M, A extends keyof M> = M[A] extends [infer Q, unknown] ? Q : never;
export type Res<M, A extends keyof M> = M[A] extends [unknown, infer R] ? R : never;

// `satisfies Record<keyof …>` makes forgetting or misspelling an action a compile error.
export const STATION_INITIATED_201 = Object.keys({
  Authorize: 1,
  BootNotification: 1,
  ClearedChargingLimit: 1,
  DataTransfer: 1,
  FirmwareStatusNotification: 1,
  Get15118EVCertificate: 1,
  GetCertificateStatus: 1,
  Heartbeat: 1,
  LogStatusNotification: 1,
  MeterValues: 1,
  NotifyChargingLimit: 1,
  NotifyCustomerInformation: 1,
  NotifyDisplayMessages: 1,
  NotifyEVChargingNeeds: 1,
  NotifyEVChargingSchedule: 1,
  NotifyEvent: 1,
  NotifyMonitoringReport: 1,
  NotifyReport: 1,
  PublishFirmwareStatusNotification: 1,
  ReportChargingProfiles: 1,
  ReservationStatusUpdate: 1,
  SecurityEventNotification: 1,
  SignCertificate: 1,
  StatusNotification: 1,
  TransactionEvent: 1,
} satisfies Record<keyof StationInitiated201, 1>) as (keyof StationInitiated201)[];

export const CSMS_INITIATED_201 = Object.keys({
  CancelReservation: 1,
  CertificateSigned: 1,
  ChangeAvailability: 1,
  ClearCache: 1,
  ClearChargingProfile: 1,
  ClearDisplayMessage: 1,
  ClearVariableMonitoring: 1,
  CostUpdated: 1,
  CustomerInformation: 1,
  DataTransfer: 1,
  DeleteCertificate: 1,
  GetBaseReport: 1,
  GetChargingProfiles: 1,
  GetCompositeSchedule: 1,
  GetDisplayMessages: 1,
  GetInstalledCertificateIds: 1,
  GetLocalListVersion: 1,
  GetLog: 1,
  GetMonitoringReport: 1,
  GetReport: 1,
  GetTransactionStatus: 1,
  GetVariables: 1,
  InstallCertificate: 1,
  PublishFirmware: 1,
  RequestStartTransaction: 1,
  RequestStopTransaction: 1,
  ReserveNow: 1,
  Reset: 1,
  SendLocalList: 1,
  SetChargingProfile: 1,
  SetDisplayMessage: 1,
  SetMonitoringBase: 1,
  SetMonitoringLevel: 1,
  SetNetworkProfile: 1,
  SetVariableMonitoring: 1,
  SetVariables: 1,
  TriggerMessage: 1,
  UnlockConnector: 1,
  UnpublishFirmware: 1,
  UpdateFirmware: 1,
} satisfies Record<keyof CsmsInitiated201, 1>) as (keyof CsmsInitiated201)[];
