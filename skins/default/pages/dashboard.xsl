<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <xsl:import href="../../default/pages/hub-sections.xsl"/>
  <!--
    The client's home: what needs the client's action, the next
    deadline, the cards (projects, milestones, approvals, files and the
    plugins'), and recent activity.
  -->
  <xsl:template match="content" mode="page">
    <h1>Welcome, <xsl:value-of select="welcome"/></h1>
    <xsl:if test="next">
      <p class="next-deadline"><strong>Next deadline:</strong><xsl:text> </xsl:text>
        <a href="{$base}{next/@href}"><xsl:value-of select="next"/></a>
        <xsl:if test="next/@project and next/@kind != 'project'"> (<xsl:value-of select="next/@project"/>)</xsl:if>
        <span class="when"> · due <xsl:value-of select="next/@date"/></span></p>
    </xsl:if>
    <xsl:call-template name="changes-summary"/>
    <section class="needs" aria-labelledby="needs-h">
      <h2 id="needs-h">Needs your action</h2>
      <xsl:choose>
        <xsl:when test="needs/item">
          <ul>
            <xsl:for-each select="needs/item">
              <li>
                <span class="badge badge-{@kind}"><xsl:choose><xsl:when test="@label"><xsl:value-of select="@label"/></xsl:when><xsl:when test="@kind = 'approval'">Approve</xsl:when><xsl:otherwise>Your task</xsl:otherwise></xsl:choose></span>
                <xsl:text> </xsl:text><a href="{$base}{@href}"><xsl:value-of select="."/></a>
                <xsl:if test="@project"><span class="small"> · <xsl:value-of select="@project"/></span></xsl:if>
                <xsl:if test="@when"><span class="when"> · due <xsl:value-of select="@when"/></span></xsl:if>
                <xsl:if test="@overdue = '1'"><xsl:text> </xsl:text><span class="badge badge-overdue">Overdue</span></xsl:if>
              </li>
            </xsl:for-each>
          </ul>
        </xsl:when>
        <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="icon">check-circle</xsl:with-param><xsl:with-param name="title">Nothing needs you right now.</xsl:with-param><xsl:with-param name="text">You are all caught up. Approvals and tasks that need you will show here.</xsl:with-param></xsl:call-template></xsl:otherwise>
      </xsl:choose>
    </section>
    <xsl:apply-templates select="cards"/>
    <xsl:apply-templates select="team" mode="section"/>
    <xsl:apply-templates select="activity" mode="section"/>
  </xsl:template>
</xsl:stylesheet>
