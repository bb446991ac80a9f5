/** Every detector, in the order they run. Adding one: write the file, add it here, add its test. */

import type { Detector } from '../types.js';
import actionsPinned from './actionsPinned.js';
import adapters from './adapters.js';
import adrs from './adrs.js';
import alertRules from './alertRules.js';
import apiContracts from './apiContracts.js';
import approvals from './approvals.js';
import armTemplates from './armTemplates.js';
import aspireAppHost from './aspireAppHost.js';
import autoscaling from './autoscaling.js';
import azureLoadTesting from './azureLoadTesting.js';
import azurePipelines from './azurePipelines.js';
import benchmarks from './benchmarks.js';
import bicep from './bicep.js';
import branchRules from './branchRules.js';
import businessDataStore from './businessDataStore.js';
import centralProcesses from './centralProcesses.js';
import certificateRenewal from './certificateRenewal.js';
import changeTests from './changeTests.js';
import chaos from './chaos.js';
import cloudformation from './cloudformation.js';
import codeowners from './codeowners.js';
import codeStyle from './codeStyle.js';
import compose from './compose.js';
import computeServices from './computeServices.js';
import configManagement from './configManagement.js';
import containerScanning from './containerScanning.js';
import contributing from './contributing.js';
import dashboards from './dashboards.js';
import dataServices from './dataServices.js';
import dbIndexes from './dbIndexes.js';
import dbMigrations from './dbMigrations.js';
import dependencyUpdates from './dependencyUpdates.js';
import deployChecks from './deployChecks.js';
import deployStages from './deployStages.js';
import devcontainer from './devcontainer.js';
import e2eTests from './e2eTests.js';
import environmentDefinitions from './environmentDefinitions.js';
import featureFlags from './featureFlags.js';
import flowInventory from './flowInventory.js';
import flowMaps from './flowMaps.js';
import flowMonitoring from './flowMonitoring.js';
import gatling from './gatling.js';
import gitHistory from './gitHistory.js';
import githubActions from './githubActions.js';
import gitlabCi from './gitlabCi.js';
import gitops from './gitops.js';
import healthModel from './healthModel.js';
import helm from './helm.js';
import iacGovernance from './iacGovernance.js';
import iacValidation from './iacValidation.js';
import incidentResponse from './incidentResponse.js';
import jenkins from './jenkins.js';
import jmeter from './jmeter.js';
import k6 from './k6.js';
import kubernetes from './kubernetes.js';
import kustomize from './kustomize.js';
import loadTestsInCi from './loadTestsInCi.js';
import locust from './locust.js';
import logLevels from './logLevels.js';
import mainstreamTooling from './mainstreamTooling.js';
import networking from './networking.js';
import oidcLogin from './oidcLogin.js';
import otherCi from './otherCi.js';
import perfTargets from './perfTargets.js';
import platformAutomation from './platformAutomation.js';
import postmortems from './postmortems.js';
import previewEnvironments from './previewEnvironments.js';
import profiling from './profiling.js';
import progressiveDelivery from './progressiveDelivery.js';
import pulumi from './pulumi.js';
import responseCompression from './responseCompression.js';
import rollback from './rollback.js';
import rum from './rum.js';
import runbooks from './runbooks.js';
import sast from './sast.js';
import scheduledMaintenance from './scheduledMaintenance.js';
import secretHandling from './secretHandling.js';
import secretScanning from './secretScanning.js';
import selfService from './selfService.js';
import selfServiceActions from './selfServiceActions.js';
import sharedChannel from './sharedChannel.js';
import sharedModules from './sharedModules.js';
import slo from './slo.js';
import standardLibraries from './standardLibraries.js';
import storageSettings from './storageSettings.js';
import structuredLogging from './structuredLogging.js';
import syntheticMonitoring from './syntheticMonitoring.js';
import techDebt from './techDebt.js';
import telemetry from './telemetry.js';
import telemetryPruning from './telemetryPruning.js';
import telemetryRetention from './telemetryRetention.js';
import templates from './templates.js';
import terraform from './terraform.js';
import testData from './testData.js';
import tests from './tests.js';
import testsInCi from './testsInCi.js';
import versionedRoutes from './versionedRoutes.js';
import workloadSchedules from './workloadSchedules.js';

export const DETECTORS: readonly Detector[] = [
  terraform,
  bicep,
  armTemplates,
  aspireAppHost,
  pulumi,
  cloudformation,
  kubernetes,
  helm,
  kustomize,
  compose,
  gitops,
  configManagement,
  githubActions,
  azurePipelines,
  gitlabCi,
  jenkins,
  otherCi,
  deployStages,
  approvals,
  iacValidation,
  testsInCi,
  actionsPinned,
  tests,
  e2eTests,
  k6,
  jmeter,
  locust,
  gatling,
  azureLoadTesting,
  loadTestsInCi,
  perfTargets,
  dependencyUpdates,
  sast,
  secretScanning,
  containerScanning,
  oidcLogin,
  codeowners,
  templates,
  contributing,
  branchRules,
  codeStyle,
  alertRules,
  dashboards,
  telemetry,
  telemetryPruning,
  structuredLogging,
  slo,
  healthModel,
  progressiveDelivery,
  featureFlags,
  rollback,
  autoscaling,
  networking,
  computeServices,
  dataServices,
  platformAutomation,
  iacGovernance,
  telemetryRetention,
  benchmarks,
  runbooks,
  postmortems,
  incidentResponse,
  adrs,
  techDebt,
  chaos,
  devcontainer,
  previewEnvironments,
  responseCompression,
  scheduledMaintenance,
  workloadSchedules,
  gitHistory,
  centralProcesses,
  certificateRenewal,
  flowInventory,
  flowMaps,
  secretHandling,
  dbMigrations,
  environmentDefinitions,
  sharedChannel,
  deployChecks,
  selfService,
  mainstreamTooling,
  apiContracts,
  standardLibraries,
  testData,
  profiling,
  rum,
  syntheticMonitoring,
  dbIndexes,
  logLevels,
  flowMonitoring,
  storageSettings,
  selfServiceActions,
  adapters,
  businessDataStore,
  versionedRoutes,
  sharedModules,
  changeTests,
];
