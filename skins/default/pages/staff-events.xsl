<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!--
    Admins: event deliveries that failed too often and were parked, each
    with a button that queues it again; and how many still wait.
  -->
  <xsl:template match="content" mode="page">
    <h1>Events</h1>
    <p>
      <xsl:value-of select="events/@pending"/> deliver<xsl:choose><xsl:when test="events/@pending = '1'">y</xsl:when><xsl:otherwise>ies</xsl:otherwise></xsl:choose> waiting,
      <xsl:value-of select="events/@parked"/> parked.
    </p>
    <h2>Parked deliveries</h2>
    <xsl:choose>
      <xsl:when test="events/delivery">
        <table class="list">
          <thead><tr><th scope="col">Event</th><th scope="col">Published</th><th scope="col">Subscriber</th><th scope="col">Attempts</th><th scope="col">Last error</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
          <tbody>
            <xsl:for-each select="events/delivery">
              <tr class="parked-delivery">
                <td>#<xsl:value-of select="event_id"/><xsl:text> </xsl:text><strong><xsl:value-of select="name"/></strong>
                  <xsl:if test="payload != ''"><pre class="small"><xsl:value-of select="payload"/></pre></xsl:if></td>
                <td class="when"><xsl:value-of select="created_local"/></td>
                <td><xsl:value-of select="subscriber"/></td>
                <td><xsl:value-of select="attempts"/></td>
                <td class="small"><xsl:value-of select="last_error"/></td>
                <td>
                  <form method="post" action="{$base}/staff/events/{event_id}/retry" class="inline">
                    <xsl:call-template name="csrf"/>
                    <input type="hidden" name="subscriber" value="{subscriber}"/>
                    <button type="submit">Retry</button>
                  </form>
                </td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="icon">zap</xsl:with-param><xsl:with-param name="title">No parked deliveries.</xsl:with-param><xsl:with-param name="text">Every event was delivered.</xsl:with-param></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
