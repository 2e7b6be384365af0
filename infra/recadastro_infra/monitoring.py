"""Alarms on what must never go unnoticed: stream records set aside (the dead-letter queue),
API 5xx answers and card orders that failed. They notify an SNS topic an operator subscribes to
(context `alarm_email`, or later in the console)."""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as actions
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import aws_sqs as sqs
from constructs import Construct

# What the app's Powertools metrics are published under (.chalice/config.json).
METRICS_NAMESPACE = "Recadastro"
SERVICE = "recadastro"


class Alarms(Construct):
    def __init__(
        self,
        scope: Construct,
        id: str,
        stage: str,
        dead_letters: sqs.IQueue,
        api_name: str,
        api_stage: str,
        alarm_email: str | None,
    ) -> None:
        super().__init__(scope, id)
        self.topic = sns.Topic(
            self, "Topic", topic_name=f"recadastro-{stage}-alarms", enforce_ssl=True
        )
        if alarm_email:
            self.topic.add_subscription(subscriptions.EmailSubscription(alarm_email))
        self.alarms = [
            self._alarm(
                "StreamFailures",
                "Registros de stream separados na fila de falhas (nada foi perdido: reprocessar).",
                dead_letters.metric_approximate_number_of_messages_visible(
                    period=cdk.Duration.minutes(5), statistic="Maximum"
                ),
            ),
            self._alarm(
                "Api5xx",
                "A API respondeu com erro 5xx.",
                cloudwatch.Metric(
                    namespace="AWS/ApiGateway",
                    metric_name="5XXError",
                    dimensions_map={"ApiName": api_name, "Stage": api_stage},
                    period=cdk.Duration.minutes(5),
                    statistic="Sum",
                ),
            ),
            self._alarm(
                "CardOrdersFailed",
                "Pedido de carteira falhou depois das tentativas: reenviar pela página da equipe.",
                cloudwatch.Metric(
                    namespace=METRICS_NAMESPACE,
                    metric_name="CardOrdersFailed",
                    dimensions_map={"service": SERVICE},
                    period=cdk.Duration.minutes(5),
                    statistic="Sum",
                ),
            ),
        ]

    def _alarm(self, name: str, description: str, metric: cloudwatch.IMetric) -> cloudwatch.Alarm:
        alarm = cloudwatch.Alarm(
            self,
            name,
            alarm_description=description,
            metric=metric,
            threshold=0,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
            evaluation_periods=1,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
        )
        alarm.add_alarm_action(actions.SnsAction(self.topic))
        return alarm
