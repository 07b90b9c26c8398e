namespace Workbook.Runtime;

/// <summary>What a tuning's environment variable asks for (<see cref="TuningSwitch.Read"/>).</summary>
public enum TuningSetting
{
    /// <summary>Unset (or 1 / true / on): applied where the binary is the verified one.</summary>
    Verified,

    /// <summary>0 / false / off: never applied.</summary>
    Off,

    /// <summary>force: applied on an unverified binary too, at the user's risk (the tuning's own code checks still run).</summary>
    Force,
}
