from .reference import Biennium, PBFramework, PBOutcome, StrategicObjective

__all__ = ["Biennium", "PBFramework", "PBOutcome", "StrategicObjective"]
