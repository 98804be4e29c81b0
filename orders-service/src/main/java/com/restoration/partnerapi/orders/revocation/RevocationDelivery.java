package com.restoration.partnerapi.orders.revocation;

/**
 * How Keycloak's revocations reach {@link RevokedTokens}: the SSF stream ({@link SsfReceiver}) or the deprecated
 * feed ({@link RevocationPoller}), as {@code orders.revocation.delivery} says. One of them is a bean.
 */
interface RevocationDelivery {

	/**
	 * Seconds since revocations were last known to be followed: how much older than Keycloak's the times in force may
	 * be. Before the first successful read, the seconds since start-up (the times in force then are the database's).
	 * A read whose times could not be stored does not count. Published as {@code orders_revocation_lag_seconds}.
	 */
	double lagSeconds();

}
