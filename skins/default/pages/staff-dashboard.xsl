<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <xsl:import href="../../default/pages/hub-sections.xsl"/>
  <!--
    The staff area's home: the cards, each client at a glance (pending
    approvals by age, overdue milestones, last sign-in and activity of
    its contacts), and recent activity.
  -->
  <xsl:template match="content" mode="page">
    <h1>Dashboard</h1>
    <xsl:apply-templates select="cards"/>
    <xsl:call-template name="changes-summary"/>
    <xsl:call-template name="dashboard-charts"/>
    <section aria-labelledby="clients-h">
      <h2 id="clients-h">Clients</h2>
      <xsl:choose>
        <xsl:when test="clients/client">
          <table class="list">
            <thead><tr><th scope="col">Client</th><th scope="col">Active projects</th><th scope="col">Pending approvals</th><th scope="col">Overdue milestones</th><th scope="col">Last client sign-in</th><th scope="col">Last client activity</th></tr></thead>
            <tbody>
              <!-- Clients waiting on the most first; facts a module did not add count 0. -->
              <xsl:for-each select="clients/client">
                <xsl:sort select="number(pending)" data-type="number" order="descending"/>
                <xsl:sort select="number(overdue)" data-type="number" order="descending"/>
                <xsl:sort select="name"/>
                <tr>
                  <td><a href="{$base}/staff/clients/{id}"><xsl:value-of select="name"/></a></td>
                  <td><a href="{$base}/staff/projects?client={id}"><xsl:value-of select="active"/><xsl:if test="not(active)">0</xsl:if></a></td>
                  <td><xsl:value-of select="pending"/><xsl:if test="not(pending)">0</xsl:if>
                    <xsl:if test="pending &gt; 0 and oldest_days"><span class="small"> (oldest <xsl:value-of select="oldest_days"/> day<xsl:if test="oldest_days != '1'">s</xsl:if>)</span></xsl:if></td>
                  <td><xsl:if test="overdue &gt; 0"><xsl:attribute name="class">overdue</xsl:attribute></xsl:if><xsl:value-of select="overdue"/><xsl:if test="not(overdue)">0</xsl:if></td>
                  <td class="when"><xsl:choose><xsl:when test="last_login_local"><xsl:value-of select="last_login_local"/></xsl:when><xsl:otherwise>never</xsl:otherwise></xsl:choose></td>
                  <td class="small"><xsl:choose>
                    <xsl:when test="last_activity_local">
                      <span class="when"><xsl:value-of select="last_activity_local"/></span>
                      <xsl:text> </xsl:text><xsl:value-of select="last_activity_by"/>: <xsl:value-of select="last_activity"/>
                    </xsl:when>
                    <xsl:otherwise>none yet</xsl:otherwise>
                  </xsl:choose></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </xsl:when>
        <xsl:otherwise><p class="empty">No clients yet. <a href="{$base}/staff/clients">Add one.</a></p></xsl:otherwise>
      </xsl:choose>
    </section>
    <xsl:apply-templates select="activity" mode="section"/>
  </xsl:template>
</xsl:stylesheet>
