<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <xsl:import href="../../default/pages/hub-sections.xsl"/>
  <!-- What needs my approval, then every request of the client. -->
  <xsl:template match="content" mode="page">
    <h1>Approvals</h1>
    <h2>Waiting for your answer</h2>
    <xsl:choose>
      <xsl:when test="approvals/approval[my_turn = '1']">
        <ul class="card-items">
          <xsl:for-each select="approvals/approval[my_turn = '1']">
            <li><a href="{$base}/approvals/{id}"><xsl:value-of select="title"/></a>
              <span class="small"> · <xsl:value-of select="project"/></span>
              <xsl:if test="due_on"><span class="when"> · due <xsl:value-of select="due_on"/></span></xsl:if>
              <xsl:if test="overdue = '1'"><xsl:text> </xsl:text><span class="badge badge-overdue">Overdue</span></xsl:if>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="icon">check-circle</xsl:with-param><xsl:with-param name="title">Nothing needs your approval right now.</xsl:with-param><xsl:with-param name="text">You are all caught up: when your team asks you to approve something, it shows here.</xsl:with-param></xsl:call-template></xsl:otherwise>
    </xsl:choose>
    <h2>All requests</h2>
    <xsl:choose>
      <xsl:when test="approvals/approval">
        <xsl:for-each select="approvals"><xsl:call-template name="hs-approval-table"/></xsl:for-each>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="icon">check-circle</xsl:with-param><xsl:with-param name="title">No approvals have been asked for.</xsl:with-param></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
